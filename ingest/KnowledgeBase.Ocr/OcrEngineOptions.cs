namespace KnowledgeBase.Ocr;

/// <summary>How the OCR engine runs (all have PaddleOCR's values or ones measured on document pages).</summary>
public sealed record OcrEngineOptions
{
    /// <summary>Threads ONNX Runtime may use for one model run.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The detector sees the page scaled down to this longer side at most (PaddleOCR's <c>det_limit_side_len</c>).</summary>
    public int DetectionMaxSide { get; init; } = 960;

    /// <summary>
    /// Lines recognised per model run (PaddleOCR's <c>rec_batch_num</c>, 6 there). One line at a time costs about half
    /// the CPU of batches of six on the machines measured (a batch's activations outgrow the processor's cache) and
    /// half the memory, and needs no padding to the batch's widest line.
    /// </summary>
    public int RecognitionBatchSize { get; init; } = 1;

    /// <summary>
    /// Line crops are narrowed to this share of their proportional width before recognition: the recogniser's cost
    /// grows with the width it reads, and it reads narrowed Chinese as well. On the benchmark's 24 pages
    /// (<c>kb bench --only-ocr --ocr-pages 24</c>, docs/ocr.md) the line-matched CER is 2.53 % at full width, 2.65 % at
    /// 0.75, 2.68 % at 0.7 and 2.93 % at 0.6, the differences mostly fragments of formulas; 0.7 costs 25 % less CPU
    /// than full width.
    /// </summary>
    public double RecognitionWidthScale { get; init; } = 0.7;

    /// <summary>
    /// Lines read from narrowed crops with less confidence than this are read again at full width, and the surer
    /// reading is kept. On the benchmark's 24 pages this takes the line-matched CER from 2.68 % to 2.53 % (what full
    /// width gives) for 3 % more CPU, since few lines are unsure: the narrowing costs accuracy only where the recogniser
    /// hesitates already (formula fragments, small print).
    /// </summary>
    public double FullWidthBelowConfidence { get; init; } = 0.9;

    /// <summary>Lines recognised with less confidence than this are dropped (PaddleOCR's <c>drop_score</c>).</summary>
    public double MinLineConfidence { get; init; } = 0.5;

    /// <summary>Whether upside-down lines are looked for and turned (PaddleOCR's <c>use_angle_cls</c>).</summary>
    public bool ClassifyDirection { get; init; } = true;
}
