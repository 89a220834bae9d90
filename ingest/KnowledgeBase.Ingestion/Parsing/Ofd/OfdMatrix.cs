namespace KnowledgeBase.Ingestion.Parsing;

/// <summary>
/// An OFD transformation matrix (ST_Array "a b c d e f"): x' = a·x + c·y + e, y' = b·x + d·y + f, in millimetres with
/// y growing downwards. A graphic unit's CTM maps its own space into the space its Boundary's origin sits in.
/// </summary>
internal readonly record struct OfdMatrix(double A, double B, double C, double D, double E, double F)
{
    public static readonly OfdMatrix Identity = new(1, 0, 0, 1, 0, 0);

    public static OfdMatrix Translation(double x, double y) => new(1, 0, 0, 1, x, y);

    /// <summary>The CTM attribute, or the identity when it is absent or malformed.</summary>
    public static OfdMatrix Parse(string? value) =>
        OfdXml.Numbers(value) is [var a, var b, var c, var d, var e, var f] ? new OfdMatrix(a, b, c, d, e, f) : Identity;

    /// <summary>First <paramref name="inner"/>, then this: the matrix of a child space placed inside this one.</summary>
    public OfdMatrix Then(OfdMatrix inner) => new(
        A * inner.A + C * inner.B,
        B * inner.A + D * inner.B,
        A * inner.C + C * inner.D,
        B * inner.C + D * inner.D,
        A * inner.E + C * inner.F + E,
        B * inner.E + D * inner.F + F);

    public (double X, double Y) Apply(double x, double y) => (A * x + C * y + E, B * x + D * y + F);

    /// <summary>How much the matrix scales lengths (the square root of its determinant's magnitude).</summary>
    public double Scale => Math.Sqrt(Math.Abs(A * D - B * C));
}
