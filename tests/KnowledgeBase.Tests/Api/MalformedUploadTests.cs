using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace KnowledgeBase.Tests.Api;

/// <summary>
/// Malformed upload bodies, sent raw as a careless or hostile client would: each is answered 400 (415 for a body that
/// is not a form at all) with the reason, never 500 and never the 413 that means "too large" (which a body over the
/// limit still gets, see <see cref="UploadTests"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedUploadTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Body(string boundary, bool closed = true)
    {
        var text = new StringBuilder()
            .Append($"--{boundary}\r\n")
            .Append("Content-Disposition: form-data; name=\"title\"\r\n\r\n")
            .Append("Malformed probe\r\n")
            .Append($"--{boundary}\r\n")
            .Append("Content-Disposition: form-data; name=\"file\"; filename=\"probe.pdf\"\r\n")
            .Append("Content-Type: application/pdf\r\n\r\n");
        var head = Encoding.ASCII.GetBytes(text.ToString());
        var pdf = TestPdfs.Make("Malformed multipart probe " + Guid.NewGuid().ToString("N"));
        var tail = Encoding.ASCII.GetBytes(closed ? $"\r\n--{boundary}--\r\n" : "");
        return [.. head, .. pdf, .. tail];
    }

    private async Task<(HttpStatusCode Status, string Detail)> SendAsync(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        // Set without validation: the point is to send headers a well-behaved client would not.
        content.Headers.Remove("Content-Type");
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        using var response = await api.As(api.Staff).PostAsync("/api/documents", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text);
    }

    [Fact]
    public async Task A_well_formed_raw_body_is_accepted()
    {
        // The same bytes the refusals below alter: proves the refusals come from the alteration.
        var (status, detail) = await SendAsync(Body("probe-boundary"), "multipart/form-data; boundary=probe-boundary");
        Assert.True(status == HttpStatusCode.Accepted, detail);
    }

    [Fact]
    public async Task A_multipart_content_type_without_boundary_is_400_not_413()
    {
        var (status, detail) = await SendAsync(Body("probe-boundary"), "multipart/form-data");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("boundary", detail);
        Assert.DoesNotContain("larger than", detail);
    }

    [Fact]
    public async Task Parts_with_another_boundary_than_the_content_type_names_are_400()
    {
        var (status, detail) = await SendAsync(Body("probe-boundary"), "multipart/form-data; boundary=other-boundary");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("closing boundary", detail);
    }

    [Fact]
    public async Task A_body_cut_before_its_closing_boundary_is_400()
    {
        var whole = Body("probe-boundary", closed: false);
        var (status, detail) = await SendAsync(whole[..(whole.Length * 2 / 3)], "multipart/form-data; boundary=probe-boundary");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("closing boundary", detail);
    }

    [Fact]
    public async Task An_overlong_boundary_is_400()
    {
        var boundary = new string('b', 200);
        var (status, detail) = await SendAsync(Body(boundary), $"multipart/form-data; boundary={boundary}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("boundary", detail);
    }

    /// <summary>Another type than a form is refused as such (415, the status for a body of the wrong type), with the reason.</summary>
    [Theory]
    [InlineData("application/pdf")]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("multipart/mixed; boundary=probe-boundary")]
    public async Task A_body_that_is_not_a_form_is_refused_with_the_reason(string contentType)
    {
        var (status, detail) = await SendAsync(Body("probe-boundary"), contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains(contentType, detail);
        Assert.Contains("multipart/form-data", detail);
    }
}
