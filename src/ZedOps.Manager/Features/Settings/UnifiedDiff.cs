using System.Text;

namespace ZedOps.Manager.Features.Settings;

/// <summary>A unified diff (<c>diff -u</c> shape, 3 lines of context) of two texts by lines, from a longest common
/// subsequence; settings files are a few hundred lines, so the quadratic table is small.</summary>
public static class UnifiedDiff
{
    public static string Create(string before, string after, string name, int context = 3)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var ops = Script(a, b);
        var text = new StringBuilder();
        var changes = Enumerable.Range(0, ops.Count).Where(k => ops[k].Op != ' ').ToList();
        for (var c = 0; c < changes.Count;)
        {
            var last = c;
            while (last + 1 < changes.Count && changes[last + 1] - changes[last] <= 2 * context + 1)
            {
                last++;
            }
            var (from, to) = (Math.Max(0, changes[c] - context), Math.Min(ops.Count, changes[last] + context + 1));
            if (text.Length == 0)
            {
                text.Append("--- a/").Append(name).Append('\n').Append("+++ b/").Append(name).Append('\n');
            }
            var hunk = ops.GetRange(from, to - from);
            text.Append($"@@ -{hunk[0].A + 1},{hunk.Count(o => o.Op != '+')} +{hunk[0].B + 1},{hunk.Count(o => o.Op != '-')} @@\n");
            foreach (var op in hunk)
            {
                text.Append(op.Op).Append(op.Line.TrimEnd('\r')).Append('\n');
            }
            c = last + 1;
        }
        return text.ToString();
    }

    private static List<(char Op, string Line, int A, int B)> Script(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
        {
            for (var y = b.Length - 1; y >= 0; y--)
            {
                lcs[x, y] = a[x] == b[y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }
        var ops = new List<(char, string, int, int)>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j])
            {
                ops.Add((' ', a[i], i++, j++));
            }
            else if (j < b.Length && (i == a.Length || lcs[i, j + 1] > lcs[i + 1, j]))
            {
                ops.Add(('+', b[j], i, j++));
            }
            else
            {
                ops.Add(('-', a[i], i++, j));
            }
        }
        return ops;
    }
}
