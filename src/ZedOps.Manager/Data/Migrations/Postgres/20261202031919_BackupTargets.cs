using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ZedOps.Manager.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BackupTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backup_targets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Port = table.Column<int>(type: "integer", nullable: true),
                    User = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Directory = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    HostKeyFingerprint = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Endpoint = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Region = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Bucket = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    Prefix = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    PathStyle = table.Column<bool>(type: "boolean", nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "text", nullable: false),
                    AllServers = table.Column<bool>(type: "boolean", nullable: false),
                    ServerIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_targets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backup_copies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServerId = table.Column<Guid>(type: "uuid", nullable: false),
                    BackupId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Location = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Info = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_copies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_backup_copies_backup_targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "backup_targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_backup_copies_servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_backup_copies_ServerId_BackupId_TargetId",
                table: "backup_copies",
                columns: new[] { "ServerId", "BackupId", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_backup_copies_TargetId",
                table: "backup_copies",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_backup_targets_Name",
                table: "backup_targets",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backup_copies");

            migrationBuilder.DropTable(
                name: "backup_targets");
        }
    }
}
