namespace KnowledgeBase.Ocr;

/// <summary>How the OCR engine runs (all have PaddleOCR's values or ones measured on document pages).</summary>
public sealed record OcrEngineOptions
{
    /// <summary>Threads ONNX Runtime may use for one model run.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The detector sees the page scaled down to this longer side at most (PaddleOCR's <c>det_limit_side_len</c>).</summary>
    public int DetectionMaxSide { get; init; } = 960;

    /// <summary>Lines recognised per model run (PaddleOCR's <c>rec_batch_num</c>).</summary>
    public int RecognitionBatchSize { get; init; } = 6;

    /// <summary>Experimental: horizontal scale of line crops before recognition.</summary>
    public double RecognitionWidthScale { get; init; } = 1.0;

    /// <summary>Lines recognised with less confidence than this are dropped (PaddleOCR's <c>drop_score</c>).</summary>
    public double MinLineConfidence { get; init; } = 0.5;

    /// <summary>Whether upside-down lines are looked for and turned (PaddleOCR's <c>use_angle_cls</c>).</summary>
    public bool ClassifyDirection { get; init; } = true;
}
