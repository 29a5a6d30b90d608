using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZedOps.Manager.Data.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "server_schedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Cron = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Argument = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    WarningsJson = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: true),
                    FinalMessage = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    SkipIfStartedWithinMinutes = table.Column<int>(type: "integer", nullable: true),
                    WhenEmpty = table.Column<bool>(type: "boolean", nullable: false),
                    WhenEmptyMaxWaitMinutes = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    NextRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastResult = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    LastMessage = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
