using System.Net;
using System.Net.Http.Json;

namespace KnowledgeBase.Tests.Api;

/// <summary>Uploads end to end: staging, sniffing, limits, the job, review, and who sees the result when.</summary>
[Collection(ApiCollection.Name)]
public sealed class UploadTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<UploadAnswer> AcceptedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var answer = (await response.Content.ReadFromJsonAsync<UploadAnswer>())!;
        Assert.Equal($"/api/jobs/{answer.JobId}", response.Headers.Location?.OriginalString);
        return answer;
    }

    [Fact]
    public async Task Partner_upload_waits_for_review_then_is_visible_to_all()
    {
        const string word = "quokka";
        var pdf = TestPdfs.Make($"Border industrial parks study by a partner think tank. The {word} survey covers land supply.",
            $"Second page of the study. More findings about the {word} survey and investment.");
        using var partnerA = api.As(api.PartnerAKey);
        var upload = await AcceptedAsync(await ApiServer.UploadAsync(partnerA, pdf, "partner-study.pdf", new Dictionary<string, string>
        {
            ["title"] = "Partner study " + word, ["organisation"] = "甲智库研究部", ["year"] = "2025", ["type"] = "研究报告",
            ["tags"] = "园区,土地", ["visibility"] = "public",
        }));
        var job = await ApiServer.WaitForJobAsync(partnerA, upload.JobId);
        Assert.True(job.State == "done", job.Error);
        Assert.NotNull(job.DocumentId);
        var id = job.DocumentId!;

        var own = await partnerA.GetJsonAsync($"/api/documents/{id}");
        Assert.True((bool)own["metadata"]!["pendingReview"]!);
        Assert.Equal(ApiFixture.PartnerA, (string)own["metadata"]!["ownerOrganisation"]!);
        Assert.Equal(new[] { "园区", "土地" }.Order(), own["metadata"]!["tags"]!.AsArray().Select(t => (string)t!).Order());
        Assert.Contains(id, (await partnerA.SearchAsync(word)).DocumentIds());
        Assert.Contains(id, (await api.As(api.Staff).SearchAsync(word)).DocumentIds());

        foreach (var other in new[] { api.Anonymous(), api.As(api.Member), api.As(api.PartnerBKey) })
        {
            var result = await other.SearchAsync(word);
            Assert.Empty(result["results"]!.AsArray());
            Assert.Equal(0, (int)result["facets"]!["documents"]!);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/documents/{id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/documents/{id}/file", Ct)).StatusCode);
        }
        // Someone else's job answers like a job that does not exist.
        using var partnerB = api.As(api.PartnerBKey);
        using var foreignJob = await partnerB.GetAsync($"/api/jobs/{upload.JobId}", Ct);
        using var noJob = await partnerB.GetAsync("/api/jobs/j000000000000000", Ct);
        Assert.Equal(HttpStatusCode.NotFound, foreignJob.StatusCode);
        Assert.Equal(await noJob.ProblemSignatureAsync(), await foreignJob.ProblemSignatureAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.As(api.Staff).GetAsync($"/api/jobs/{upload.JobId}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.As(api.Staff).PostAsync($"/api/documents/{id}/approve", null, Ct)).StatusCode);
        foreach (var other in new[] { api.Anonymous(), api.As(api.Member), api.As(api.PartnerBKey) })
            Assert.Contains(id, (await other.SearchAsync(word)).DocumentIds());

        using var file = await api.Anonymous().GetAsync($"/api/documents/{id}/file", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(pdf, await file.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Restricted_partner_upload_stays_with_its_organisations_after_approval()
    {
        const string word = "wombat";
        using var partnerA = api.As(api.PartnerAKey);
        var upload = await AcceptedAsync(await ApiServer.UploadAsync(partnerA, TestPdfs.Make($"Restricted {word} note for partners."), "note.pdf",
            new Dictionary<string, string> { ["visibility"] = "restricted", ["organisations"] = "丁智库" }));
        var id = (await ApiServer.WaitForJobAsync(partnerA, upload.JobId)).DocumentId!;
        Assert.Equal(HttpStatusCode.NoContent, (await api.As(api.Staff).PostAsync($"/api/documents/{id}/approve", null, Ct)).StatusCode);
        Assert.Contains(id, (await partnerA.SearchAsync(word)).DocumentIds());
        Assert.Empty((await api.As(api.Member).SearchAsync(word))["results"]!.AsArray());
        Assert.Empty((await api.As(api.PartnerBKey).SearchAsync(word))["results"]!.AsArray());
    }

    [Theory]
    [InlineData("../../etc/evil.pdf", "evil.pdf")]
    [InlineData("..\\..\\windows\\system32\\evil2.pdf", "evil2.pdf")]
    [InlineData("/abs/path/..", "upload")]
    [InlineData("....pdf", "pdf")]
    [InlineData("invoice\u202Egpj.pdf", "invoicegpj.pdf")]
    [InlineData("a\u200Eb\u2066c\u2069\u061Cd\u200F.pdf", "abcd.pdf")]
    public async Task File_names_are_sanitised_and_never_reach_the_file_system_path(string name, string kept)
    {
        using var staff = api.As(api.Staff);
        // One PDF per name (the name's bytes in hex: the PDF font has no bidi controls), so each upload is ingested afresh.
        var pdf = TestPdfs.Make($"Traversal probe for the name {Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(name))}");
        var upload = await AcceptedAsync(await ApiServer.UploadAsync(staff, pdf, name));
        var job = await ApiServer.WaitForJobAsync(staff, upload.JobId);
        Assert.Equal(kept, job.Source.Split('/')[^1]);
        Assert.DoesNotContain("..", job.Source);
        Assert.DoesNotContain("\\", job.Source);

        var inbox = ((KnowledgeBase.Api.Uploads.UploadStaging)api.Server.Services.GetService(typeof(KnowledgeBase.Api.Uploads.UploadStaging))!).StagingDirectory;
        Assert.StartsWith(Path.GetFullPath(api.Server.DataDirectory), inbox);
        var staged = Directory.Exists(inbox) ? Directory.GetFiles(inbox) : [];
        Assert.All(staged, f => Assert.Matches(@"^\d{14}-[0-9a-f]{32}\.(pdf|docx|html|txt|md|bin)$", Path.GetFileName(f)));
        var outside = Path.GetFullPath(Path.Combine(inbox, "../../etc/evil.pdf"));
        Assert.False(File.Exists(outside));
        Assert.False(File.Exists(Path.Combine(api.Server.DataDirectory, "evil.pdf")));
    }

    [Fact]
    public async Task Metadata_typed_into_the_form_loses_invisible_characters()
    {
        using var staff = api.As(api.Staff);
        var word = "dugong" + Guid.NewGuid().ToString("N")[..6];
        using var response = await ApiServer.UploadAsync(staff, TestPdfs.Make($"Metadata probe {word}."), "m.pdf", new Dictionary<string, string>
        {
            ["title"] = $"Invoice {word}\u202Efdp.exe", ["organisation"] = "甲\u200B智库\u2066", ["tags"] = "园区\u200F,\u202E",
        });
        var job = await ApiServer.WaitForJobAsync(staff, (await AcceptedAsync(response)).JobId);
        var document = await staff.GetJsonAsync($"/api/documents/{job.DocumentId}");
        Assert.Equal($"Invoice {word}fdp.exe", (string)document["title"]!);
        Assert.Equal("甲智库", (string)document["metadata"]!["organisation"]!);
        Assert.Equal(["园区"], document["metadata"]!["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task An_executable_renamed_to_pdf_is_refused_by_content()
    {
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        exe[0x3C] = 0x80;
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        using var response = await ApiServer.UploadAsync(api.As(api.Staff), exe, "report.pdf");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("report.pdf", await response.Content.ReadAsStringAsync(Ct));

        // A real PDF named .txt is accepted: the bytes decide, not the name.
        using var renamed = await ApiServer.UploadAsync(api.As(api.Staff), TestPdfs.Make("A PDF named like text"), "notes.txt");
        Assert.Equal(HttpStatusCode.Accepted, renamed.StatusCode);
    }

    [Fact]
    public async Task Uploads_over_the_size_limit_get_413()
    {
        var big = new byte[ApiFixture.MaxUploadBytes + 300 * 1024];
        "%PDF-1.4\n"u8.CopyTo(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await RefusalAsync(() => ApiServer.UploadAsync(api.As(api.Staff), big, "big.pdf")));

        // Without a Content-Length the limit is enforced while reading.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await RefusalAsync(async () =>
        {
            var form = new MultipartFormDataContent { { new StreamContent(new MemoryStream(big)), "file", "big.pdf" } };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = form };
            request.Headers.TransferEncodingChunked = true;
            return await api.As(api.Staff).SendAsync(request);
        }));
    }

    /// <summary>
    /// The status of a refused upload. The server answers 413 and closes the connection without reading the rest of
    /// the body; on a loaded machine the client can see that close before it reads the answer. Then the refusal is
    /// counted as refused once the server is seen to be up (a 202 would have needed the whole body read).
    /// </summary>
    private async Task<HttpStatusCode> RefusalAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            return response.StatusCode;
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/health")).StatusCode);
            return HttpStatusCode.RequestEntityTooLarge;
        }
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("public,internal")]
    [InlineData("Public, Restricted")]
    [InlineData("-1")]
    public async Task Visibility_takes_only_its_documented_names(string visibility)
    {
        using var staff = api.As(api.Staff);
        using var refused = await ApiServer.UploadAsync(staff, TestPdfs.Make("Visibility probe " + visibility), "v.pdf", new Dictionary<string, string> { ["visibility"] = visibility });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("visibility must be one of: public, internal, restricted", await refused.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Bad_metadata_is_refused_with_a_reason()
    {
        using var staff = api.As(api.Staff);
        using var repeated = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestPdfs.Make("Repeated visibility probe")), "file", "r.pdf" },
            { new StringContent("public"), "visibility" },
            { new StringContent("internal"), "visibility" },
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsync("/api/documents", repeated, Ct)).StatusCode);
        using var year = await ApiServer.UploadAsync(staff, TestPdfs.Make("x"), "x.pdf", new Dictionary<string, string> { ["year"] = "20x5" });
        Assert.Equal(HttpStatusCode.BadRequest, year.StatusCode);
        // The names themselves, in any case, are accepted.
        using var named = await ApiServer.UploadAsync(staff, TestPdfs.Make("Named visibility probe"), "n.pdf", new Dictionary<string, string> { ["visibility"] = " Internal " });
        Assert.Equal(HttpStatusCode.Accepted, named.StatusCode);
    }

    [Fact]
    public async Task The_same_bytes_as_a_document_the_uploader_cannot_see_become_its_own_document()
    {
        const string word = "axolotl";
        var pdf = TestPdfs.Make($"Internal staff memo on {word} park finance.");
        using var staff = api.As(api.Staff);
        var staffJob = await ApiServer.WaitForJobAsync(staff, (await AcceptedAsync(await ApiServer.UploadAsync(staff, pdf, "memo.pdf",
            new Dictionary<string, string> { ["visibility"] = "internal", ["title"] = "Staff memo" }))).JobId);
        var staffCopy = staffJob.DocumentId!;

        using var partner = api.As(api.PartnerBKey);
        var partnerJob = await ApiServer.WaitForJobAsync(partner, (await AcceptedAsync(await ApiServer.UploadAsync(partner, pdf, "same.pdf",
            new Dictionary<string, string> { ["title"] = "Partner copy" }))).JobId);
        // Answered as any fresh upload: done, with a document the uploader sees, in its own words; the staff copy stays hidden.
        Assert.Equal("done", partnerJob.State);
        var own = partnerJob.DocumentId!;
        Assert.NotEqual(staffCopy, own);
        var body = await (await partner.GetAsync($"/api/jobs/{partnerJob.Id}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(staffCopy, body);
        var document = await partner.GetJsonAsync($"/api/documents/{own}");
        Assert.Equal("Partner copy", (string)document["title"]!);
        Assert.True((bool)document["metadata"]!["pendingReview"]!);
        Assert.Equal([own], (await partner.SearchAsync(word)).DocumentIds());
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/api/documents/{own}/file", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/api/documents/{staffCopy}", Ct)).StatusCode);

        // Each copy keeps its own visibility: staff see both, members the internal one, another partner neither.
        Assert.Equal(new[] { own, staffCopy }.Order(), (await staff.SearchAsync(word)).DocumentIds().Order());
        Assert.Equal([staffCopy], (await api.As(api.Member).SearchAsync(word)).DocumentIds());
        Assert.Empty((await api.As(api.PartnerAKey).SearchAsync(word))["results"]!.AsArray());

        // A twin the uploader may see is still linked, not stored twice.
        var againJob = await ApiServer.WaitForJobAsync(partner, (await AcceptedAsync(await ApiServer.UploadAsync(partner, pdf, "again.pdf"))).JobId);
        Assert.Equal(own, againJob.DocumentId);
        Assert.Equal(new[] { own, staffCopy }.Order(), (await staff.SearchAsync(word)).DocumentIds().Order());
    }

    [Fact]
    public async Task Staff_reindex_and_delete_documents()
    {
        using var staff = api.As(api.Staff);
        const string word = "pangolin";
        var job = await ApiServer.WaitForJobAsync(staff, (await AcceptedAsync(await ApiServer.UploadAsync(staff, TestPdfs.Make($"Deletable {word} report."), "d.pdf"))).JobId);
        var id = job.DocumentId!;

        var reindex = await AcceptedAsync(await staff.PostAsync($"/api/documents/{id}/reindex", null, Ct));
        var again = await ApiServer.WaitForJobAsync(staff, reindex.JobId);
        Assert.Equal("done", again.State);
        Assert.Equal(id, again.DocumentId);

        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/api/documents/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/documents/{id}", Ct)).StatusCode);
        Assert.Empty((await staff.SearchAsync(word))["results"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.DeleteAsync($"/api/documents/{id}", Ct)).StatusCode);
    }
}
