using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZedOps.Manager.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Port = table.Column<int>(type: "INTEGER", nullable: true),
                    User = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Directory = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    HostKeyFingerprint = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    PathStyle = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "TEXT", nullable: false),
                    AllServers = table.Column<bool>(type: "INTEGER", nullable: false),
                    ServerIds = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_targets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backup_copies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BackupId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Info = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
