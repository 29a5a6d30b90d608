using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZedOps.Manager.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddServerSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "SchedulesPaused",
                table: "servers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "server_schedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Argument = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    WarningsJson = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true),
                    FinalMessage = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    SkipIfStartedWithinMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    WhenEmpty = table.Column<bool>(type: "INTEGER", nullable: false),
                    WhenEmptyMaxWaitMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    NextRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastResult = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    LastMessage = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_server_schedules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_server_schedules_servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_server_schedules_NextRunAt",
                table: "server_schedules",
                column: "NextRunAt");

            migrationBuilder.CreateIndex(
                name: "IX_server_schedules_ServerId",
                table: "server_schedules",
                column: "ServerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "server_schedules");

            migrationBuilder.DropColumn(
                name: "SchedulesPaused",
                table: "servers");
        }
    }
}
