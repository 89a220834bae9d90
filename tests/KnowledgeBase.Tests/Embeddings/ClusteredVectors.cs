using System.Numerics.Tensors;

namespace KnowledgeBase.Tests.Embeddings;

/// <summary>Random unit vectors grouped around random centres, like embeddings of texts on a limited set of topics.</summary>
public static class ClusteredVectors
{
    public static float[][] Generate(int count, int dimension, int clusters, int seed, float spread = 0.35f)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Unit(Gaussian(random, dimension))).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            var noise = Gaussian(random, dimension);
            TensorPrimitives.Multiply(noise, spread / MathF.Sqrt(dimension) * 3, noise);
            TensorPrimitives.Add(noise, centres[random.Next(clusters)], noise);
            return Unit(noise);
        }).ToArray();
    }

    private static float[] Gaussian(Random random, int dimension)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            // Box–Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            v[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return v;
    }

    private static float[] Unit(float[] v)
    {
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
