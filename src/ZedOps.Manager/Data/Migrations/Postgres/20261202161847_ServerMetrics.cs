using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZedOps.Manager.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ServerMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "host_metrics",
                columns: table => new
                {
                    AgentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Resolution = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CpuPercent = table.Column<double>(type: "double precision", nullable: false),
                    MemoryUsedBytes = table.Column<long>(type: "bigint", nullable: false),
                    MemoryTotalBytes = table.Column<long>(type: "bigint", nullable: false),
                    DiskUsedBytes = table.Column<long>(type: "bigint", nullable: false),
                    DiskTotalBytes = table.Column<long>(type: "bigint", nullable: false),
                    Load1 = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_host_metrics", x => new { x.AgentId, x.Resolution, x.At });
                });

            migrationBuilder.CreateTable(
                name: "server_metrics",
                columns: table => new
                {
                    ServerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Resolution = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CpuPercent = table.Column<double>(type: "double precision", nullable: false),
                    MemoryUsedBytes = table.Column<long>(type: "bigint", nullable: false),
                    MemoryLimitBytes = table.Column<long>(type: "bigint", nullable: false),
                    NetRxBytesPerSecond = table.Column<double>(type: "double precision", nullable: false),
                    NetTxBytesPerSecond = table.Column<double>(type: "double precision", nullable: false),
                    BlockReadBytesPerSecond = table.Column<double>(type: "double precision", nullable: false),
                    BlockWriteBytesPerSecond = table.Column<double>(type: "double precision", nullable: false),
                    PlayersOnline = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_server_metrics", x => new { x.ServerId, x.Resolution, x.At });
                });

            migrationBuilder.CreateIndex(
                name: "IX_host_metrics_Resolution_At",
                table: "host_metrics",
                columns: new[] { "Resolution", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_server_metrics_Resolution_At",
                table: "server_metrics",
                columns: new[] { "Resolution", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "host_metrics");

            migrationBuilder.DropTable(
                name: "server_metrics");
        }
    }
}
