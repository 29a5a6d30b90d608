using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZedOps.Manager.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApiTokenSecurityStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "api_tokens",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            // Tokens made before this bind to their owner's current stamp: they keep working until the next password,
            // admin-flag or two-factor change (an empty stamp would end them all at the upgrade).
            migrationBuilder.Sql("""
                UPDATE api_tokens SET "SecurityStamp" = COALESCE((SELECT u."SecurityStamp" FROM "AspNetUsers" u WHERE u."Id" = api_tokens."UserId"), '')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "api_tokens");
        }
    }
}
