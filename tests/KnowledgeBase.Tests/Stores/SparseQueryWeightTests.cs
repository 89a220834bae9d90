using KnowledgeBase.Storage.Qdrant;

namespace KnowledgeBase.Tests.Stores;

/// <summary>Query term weights reach Qdrant as the values of the query's sparse vector (Qdrant multiplies them by its IDF).</summary>
public sealed class SparseQueryWeightTests
{
    [Fact]
    public void Listed_terms_carry_their_weight_others_one_and_zero_weight_terms_are_left_out()
    {
        var (values, indices) = SparseTerms.Query(["边境", "贸易", "政策", "口岸"], new Dictionary<string, float> { ["贸易"] = 0.25f, ["口岸"] = 0f })!.Value;

        var byIndex = indices.Zip(values).ToDictionary(x => x.First, x => x.Second);
        Assert.Equal(3, byIndex.Count);
        Assert.Equal(1f, byIndex[SparseTerms.Index("边境")]);
        Assert.Equal(0.25f, byIndex[SparseTerms.Index("贸易")]);
        Assert.False(byIndex.ContainsKey(SparseTerms.Index("口岸")));
        Assert.Equal(indices.Order(), indices); // Qdrant wants sorted indices
    }

    [Fact]
    public void Without_weights_every_term_weighs_one()
    {
        var (values, _) = SparseTerms.Query(["边境", "边境", "政策"])!.Value;
        Assert.Equal([1f, 1f], values);
    }
}
