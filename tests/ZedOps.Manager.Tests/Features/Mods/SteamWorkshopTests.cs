using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Mods;

namespace ZedOps.Manager.Tests.Features.Mods;

/// <summary>The Steam Web API source against a local HTTP fake answering like the documented
/// <c>ISteamRemoteStorage/GetPublishedFileDetails/v1</c> (form-encoded POST, JSON <c>response.publishedfiledetails</c>).</summary>
public sealed class SteamWorkshopTests : IAsyncLifetime
{
    private WebApplication _fake = null!;
    private IFormCollection? _lastForm;
    private int _status = 200;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _fake = builder.Build();
        _fake.MapPost("/ISteamRemoteStorage/GetPublishedFileDetails/v1/", async (HttpContext http) =>
        {
            _lastForm = await http.Request.ReadFormAsync();
            http.Response.StatusCode = _status;
            await http.Response.WriteAsync("""
                {"response":{"result":1,"resultcount":2,"publishedfiledetails":[
                  {"publishedfileid":"2169435993","result":1,"creator":"76561198000000000","consumer_app_id":108600,"title":"Brita's Weapon Pack","time_created":1595000000,"time_updated":1764600000,"file_size":"123456"},
                  {"publishedfileid":"2200148440","result":9}
                ]}}
                """);
        });
        await _fake.StartAsync();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private SteamWorkshop Source() => new(new HttpClient(), Options.Create(new SteamOptions { ApiBaseUrl = _fake.Urls.First() }));

    [Fact]
    public async Task GetAsync_SendsTheDocumentedForm_ReadsTimeUpdated()
    {
        var items = await Source().GetAsync(["2169435993", "2200148440"], CancellationToken.None);

        Assert.Equal("2", _lastForm!["itemcount"]);
        Assert.Equal("2169435993", _lastForm["publishedfileids[0]"]);
        Assert.Equal("2200148440", _lastForm["publishedfileids[1]"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764600000), items[0].Updated);
        Assert.Equal("Brita's Weapon Pack", items[0].Title);
        Assert.Null(items[1].Updated); // result 9: unknown or hidden item
        var newer = SteamWorkshop.NewerThan(items, DateTimeOffset.FromUnixTimeSeconds(1764500000));
        Assert.Equal("2169435993", Assert.Single(newer).Id);
        Assert.Empty(SteamWorkshop.NewerThan(items, DateTimeOffset.FromUnixTimeSeconds(1764700000)));
    }

    [Fact]
    public async Task ServerError_ReportedWithTheStatus()
    {
        _status = 503;

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => Source().GetAsync(["1"], CancellationToken.None));

        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2169435993;2200148440", 2)]
    [InlineData(" 2169435993 , 2169435993 ;", 1)]
    [InlineData("abc;../x;;", 0)]
    public void ParseIds_KeepsNumericIdsOnce(string value, int count) => Assert.Equal(count, SteamWorkshop.ParseIds(value).Count);
}
