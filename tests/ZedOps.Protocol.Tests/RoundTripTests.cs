using System.Text.Json;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Metrics;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Protocol.Tests;

public sealed class RoundTripTests
{
    private static readonly HostInfo s_host = new("box", "Debian GNU/Linux 12", "6.1.0", "x64", 8, "1.2.3", "/var/lib/zedops/servers");
    private static readonly HostMetrics s_metrics = new(12.5, 16L << 30, 8L << 30, 500L << 30, 100L << 30, 0.42, 3600);
    private static readonly DockerStatus s_docker = new(true, "24.0.7", null);
    private static readonly PortBinding s_port = new(16261, "udp", "0.0.0.0", 16261);
    private static readonly ContainerSummary s_container = new("abc123", "zedops-alpha", "zedops/pz-sim:1", ContainerStates.Running, "Up 3 minutes",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, true, new Dictionary<string, string> { ["zedops.managed"] = "true" }, [s_port]);
    private static readonly RconEndpoint s_rcon = new(27015, "pw");
    private static readonly ServerMount s_mount = new("/var/lib/zedops/servers/alpha", "/home/steam/Zomboid");
    private static readonly ServerPort s_serverPort = new(16261, 16261, "udp", null);
    private static readonly ServerSpec s_spec = new(Guid.NewGuid(), "alpha", "zedops/pz-sim:latest", new Dictionary<string, string> { ["SERVER_NAME"] = "alpha" },
        [s_mount], [s_serverPort], "SERVER STARTED", s_rcon, 120);
    private static readonly ServerMetricsSample s_metricsSample = new(s_spec.ServerId, DateTimeOffset.UtcNow, 37.5, 1L << 30, 4L << 30, 1_200.5, 800, 4_096, 65_536, 3);
    private static readonly PortQuery s_portQuery = new(16261, "udp");
    private static readonly PortUse s_portUse = new(16261, "udp", "host socket");
    private static readonly AdoptableContainer s_adoptable = new("abc123", "my-pz", "zedops/pz-sim:1", ContainerStates.Running,
        new Dictionary<string, string> { ["RCON_PASSWORD"] = "pw" }, [new ServerMount("/srv/pz/data", "/home/steam/Zomboid")], [s_port]);
    private static readonly BackupTarget s_backupTarget = new(Guid.NewGuid(), "/var/lib/zedops/servers/alpha", "alpha");
    private static readonly RemoteTarget s_sftpTarget = new(Guid.NewGuid(), "offsite", RemoteTarget.SftpKind,
        new SftpSettings("127.0.0.1", 2222, "backup", "/zedops", "SHA256:abc", "pw", null), null);
    private static readonly RemoteTarget s_s3Target = new(Guid.NewGuid(), "s3", RemoteTarget.S3Kind,
        null, new S3Settings("http://127.0.0.1:9000", "us-east-1", "zedops", "backups/", true, "AK", "SK"));
    private static readonly BackupInfo s_backup = new("20261201T100000Z-abcdef", s_backupTarget.ServerId, "alpha", "alpha", DateTimeOffset.UtcNow,
        5_000, 70_000, 14, new string('a', 64), false, "not confirmed consistent: RCON failed", "manual");
    private static readonly LogLine s_line = new(DateTimeOffset.UtcNow, LogStreams.Stderr, "héllo — wörld");

    /// <summary>One sample per wire type; a new record without a sample fails <see cref="Samples_CoverEveryContextType"/>.</summary>
    public static readonly object[] Samples =
    [
        new Hello("1.0", PeerRoles.Agent, "1.2.3", ["ping"], s_host, s_docker, Guid.NewGuid(), "alice-pc", 10_000, "MFkwEwYHKoZIzj0CAQ=="),
        new HelloRejected(ErrorCodes.VersionMismatch, "peer speaks 2.0"),
        new Heartbeat(DateTimeOffset.UtcNow, s_metrics, new DockerStatus(false, null, "no socket")),
        new PingRequest(DateTimeOffset.UtcNow),
        new PingResult(DateTimeOffset.UtcNow),
        new AgentInfoRequest(),
        new AgentInfoResult(s_host, s_metrics, s_docker, DateTimeOffset.UtcNow),
        new AgentUpdateRequest("1.0.0+abc", new string('a', 64), "aaaa  zedops-agent\n", "c2ln"),
        new AgentUpdateResult(new string('a', 64), new string('b', 64), AlreadyCurrent: false),
        new ProtocolError(ErrorCodes.Timeout, "no reply"),
        new Envelope { Subject = "x", Reply = "_INBOX.1", Error = new ProtocolError("c", "m") },
        s_host,
        s_metrics,
        s_docker,
        s_port,
        s_container,
        s_line,
        new ListContainers(true),
        new ListContainersResult([s_container]),
        new InspectContainer("abc"),
        new InspectContainerResult(s_container),
        new ContainerAction("abc", 30),
        new ContainerActionResult(s_container),
        new ContainerStateChanged("abc", "zedops-alpha", "die", ContainerStates.Exited, 137, DateTimeOffset.UtcNow, s_container),
        new SubscribeLogs("abc", "sub-1", 1000),
        new SubscribeLogsResult("abc", "zedops-alpha", [s_line]),
        new UnsubscribeLogs("sub-1"),
        new UnsubscribeLogsResult(true),
        new LogLinesAppended("sub-1", [s_line], 12),
        new ReadLogs("abc", 100),
        new ReadLogsResult("abc", "zedops-alpha", [s_line]),
        s_rcon,
        s_mount,
        s_serverPort,
        s_spec,
        s_portQuery,
        s_portUse,
        new CreateServer(s_spec, true),
        new StartServer(s_spec),
        new StopServer(s_spec.ServerId, "alpha", s_rcon, 120),
        new KillServer(s_spec.ServerId, "alpha"),
        new RemoveServer(s_spec.ServerId, "alpha", "/var/lib/zedops/servers/alpha", false),
        new RebuildServer(s_spec, true),
        new ServerActionResult(s_spec.ServerId, s_container, ["create", "start"]),
        new ServerProgress(s_spec.ServerId, ServerSteps.Pull, "pulling 40%", DateTimeOffset.UtcNow),
        new ServerReady(s_spec.ServerId, "alpha", DateTimeOffset.UtcNow),
        new ServerCrashed(s_spec.ServerId, "alpha", 1, DateTimeOffset.UtcNow, CrashOutcomes.Restarting, 1, DateTimeOffset.UtcNow.AddSeconds(10), [s_line]),
        CrashPolicy.Default,
        s_spec with { Crash = new CrashPolicy(false, 5, 900, [1, 2]) },
        new BackupProgressed(s_spec.ServerId, BackupPhases.Copying, 900_000_000, 2_000_000_000, 3_210, 7_000, DateTimeOffset.UtcNow),
        new ServerInventory(["/var/lib/zedops/servers/alpha"]),
        new ServerInventory([], new Dictionary<Guid, CrashPolicy> { [s_spec.ServerId] = CrashPolicy.Default }),
        new ServerInventoryResult([s_container], new Dictionary<string, bool> { ["/var/lib/zedops/servers/alpha"] = true }, "/var/lib/zedops/servers"),
        new CheckPorts([s_portQuery]),
        new CheckPortsResult([s_portUse]),
        new ListAdoptable(),
        new ListAdoptableResult([s_adoptable], "/var/lib/zedops/servers"),
        s_adoptable,
        new AdoptServer(s_spec, "abc123", true, "/srv/pz/data"),
        new ExecuteRcon(s_spec.ServerId, "alpha", s_rcon, "servermsg \"héllo\"", 10),
        new ExecuteRconResult(s_spec.ServerId, "Players connected (1): \n-Zoë\n", DateTimeOffset.UtcNow),
        new WatchPlayers(s_spec.ServerId, "alpha", s_rcon, 10, 60),
        new WatchPlayersResult(s_spec.ServerId, true),
        new PlayersReported(s_spec.ServerId, ["alice", "Zoë"], true, PlayerSources.Poll, DateTimeOffset.UtcNow),
        new ModsUpdateChecked(s_spec.ServerId, ModsCheckResults.NeedUpdate, "CheckModsNeedUpdate: Mods need update", DateTimeOffset.UtcNow),
        s_metricsSample,
        new ServerMetricsReported([s_metricsSample, s_metricsSample with { PlayersOnline = null }]),
        new ReadServerFiles(s_spec.ServerId, "/var/lib/zedops/servers/alpha", "alpha"),
        new ReadServerFilesResult(s_spec.ServerId, [new ServerFile(ServerFileKinds.Ini, "Server/alpha.ini", true, "\uFEFF# c\nPVP=true\nMinutesPerPage=1,0\n", "ab12")]),
        new ServerFile(ServerFileKinds.Sandbox, "Server/alpha_SandboxVars.lua", false, "", ""),
        new WriteServerFile(s_spec.ServerId, "/var/lib/zedops/servers/alpha", "alpha", ServerFileKinds.Sandbox, "SandboxVars = { Zombies = 3, }", "ab12"),
        new WriteServerFileResult(s_spec.ServerId, new ServerFile(ServerFileKinds.Ini, "Server/alpha.ini", true, "PVP=false\n", "cd34")),
        s_backupTarget,
        new CreateBackup(s_backupTarget, "alpha", "manual", s_rcon),
        s_backup,
        new ListBackups(s_spec.ServerId),
        new ListBackupsResult([s_backup], 1L << 40),
        new VerifyBackup(s_spec.ServerId, s_backup.Id),
        new DeleteBackup(s_spec.ServerId, s_backup.Id),
        new DeleteBackupResult(true),
        new LockBackup(s_spec.ServerId, s_backup.Id, Locked: true),
        new RestoreBackup(s_backupTarget, s_backup.Id),
        new RestoreBackupResult(s_backup, 14, ["archive checked"], ["Saves/Multiplayer/pz/players.db fails the SQLite integrity check: file is not a database"]),
        new FinishRestore(s_backupTarget, Keep: true),
        new FinishRestoreResult(false, ["restore kept"]),
        s_sftpTarget,
        s_s3Target.S3!,
        s_sftpTarget.Sftp!,
        new BackupLocation(BackupLocation.Target, s_s3Target.Id, "s3", "copied", null),
        new PushBackup(s_spec.ServerId, s_backup.Id, s_sftpTarget),
        new PushBackupResult("sftp://backup@127.0.0.1:2222/zedops/x.tar.zst", 1234),
        new FetchBackup(s_spec.ServerId, s_backup.Id, s_s3Target),
        new TestRemoteTarget(s_s3Target),
        new TestRemoteTargetResult("probe written and deleted"),
        new ReadBackupChunk(s_spec.ServerId, s_backup.Id, 524_288, BackupChunks.Size),
        new BackupChunk(524_288, [0x28, 0xb5, 0x2f, 0xfd, 0x00]),
        new BeginBackupUpload(s_spec.ServerId, 5_000),
        new BeginBackupUploadResult("0123456789abcdef"),
        new WriteBackupUploadChunk("0123456789abcdef", 0, [1, 2, 3]),
        new WriteBackupUploadChunkResult(3),
        new CommitBackupUpload("0123456789abcdef", "upload", false, "uploaded: whether the world was saved first is not known"),
        new AbortBackupUpload("0123456789abcdef"),
        new AbortBackupUploadResult(true),
        new CopyBackup(s_spec.ServerId, s_backup.Id, Guid.NewGuid(), "clone", true, "saved through RCON"),
        s_backup with { Locations = [new BackupLocation(BackupLocation.Local, null, "local", "copied", null), new BackupLocation(BackupLocation.Target, s_s3Target.Id, "s3", "failed", "unreachable")] },
    ];

    public static TheoryData<object> SampleData()
    {
        var data = new TheoryData<object>();
        foreach (var sample in Samples)
        {
            data.Add(sample);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleData))]
    public void Sample_RoundTripsThroughSourceGeneratedContext(object sample)
    {
        var type = sample.GetType();
        var json = JsonSerializer.Serialize(sample, ProtocolJsonContext.Default.GetTypeInfo(type)!);
        var back = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.GetTypeInfo(type)!);
        Assert.Equal(json, JsonSerializer.Serialize(back, ProtocolJsonContext.Default.GetTypeInfo(type)!));
        Assert.DoesNotContain("\"Subject\"", json, StringComparison.Ordinal); // camelCase on the wire
    }

    [Fact]
    public void Samples_CoverEveryContextType()
    {
        var fromProperties = typeof(ProtocolJsonContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(System.Text.Json.Serialization.Metadata.JsonTypeInfo<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("ZedOps", StringComparison.Ordinal) == true);
        var covered = Samples.Select(s => s.GetType()).ToHashSet();
        Assert.Empty(fromProperties.Except(covered).Select(t => t.Name));
    }

    [Fact]
    public void Encode_TypedPayload_DecodesToSameEnvelope()
    {
        var frame = EnvelopeCodec.Encode(Subjects.Ping, "_INBOX.7", new PingRequest(DateTimeOffset.UnixEpoch), ProtocolJsonContext.Default.PingRequest);
        var envelope = EnvelopeCodec.Decode(frame);
        Assert.Equal(Subjects.Ping, envelope.Subject);
        Assert.Equal("_INBOX.7", envelope.Reply);
        Assert.Equal(DateTimeOffset.UnixEpoch, EnvelopeCodec.DecodeData(envelope, ProtocolJsonContext.Default.PingRequest).SentAt);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"reply\":\"_INBOX.1\"}")]
    [InlineData("{\"subject\":\"\"}")]
    public void Decode_NotAnEnvelope_Throws(string text) =>
        Assert.ThrowsAny<JsonException>(() => EnvelopeCodec.Decode(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void DecodeData_WrongShape_IsTypedBadRequest()
    {
        var envelope = EnvelopeCodec.Decode("""{"subject":"ping","data":{"sentAt":"not a date"}}"""u8);
        var error = Assert.Throws<WireRequestException>(() => EnvelopeCodec.DecodeData(envelope, ProtocolJsonContext.Default.PingRequest));
        Assert.Equal(ErrorCodes.BadRequest, error.Code);
    }

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("1.7", true)]
    [InlineData("2.0", false)]
    [InlineData("0.9", false)]
    [InlineData("banana", false)]
    [InlineData(null, false)]
    public void IsCompatible_ComparesMajorVersion(string? peer, bool expected)
    {
        Assert.Equal(expected, ProtocolVersion.IsCompatible(peer, out var reason));
        Assert.Equal(expected, reason.Length == 0);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("alice-pc-2", true)]
    [InlineData("ab", false)]
    [InlineData("Alice", false)]
    [InlineData("-abc", false)]
    [InlineData("a_b_c", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    public void AgentNames_FollowTheRule(string name, bool valid) => Assert.Equal(valid, AgentNames.IsValid(name));
}
