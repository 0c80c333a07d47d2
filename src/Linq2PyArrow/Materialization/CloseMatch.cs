namespace Linq2PyArrow.Materialization;

/// <summary>
/// The candidate a misspelled name most likely meant, for "did you mean 'customer'?" in messages: one that is equal
/// ignoring case, underscores and hyphens (<c>PlacedAt</c> → <c>placed_at</c>), else the closest by edit distance
/// (ignoring case; a swap of two neighbouring letters counts as one edit) if at most a third of the name's letters
/// differ. Names shorter than three letters only match the first way.
/// </summary>
internal static class CloseMatch
{
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        var wanted = Normalize(name);
        string? best = null;
        var bestDistance = wanted.Length / 3 + 1;   // anything at or above this is too far
        foreach (var candidate in candidates)
        {
            var normalized = Normalize(candidate);
            if (normalized == wanted) return candidate;
            var distance = Distance(wanted, normalized);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>" (did you mean 'x'?)", or empty.</summary>
    public static string Suggestion(string name, IEnumerable<string> candidates) =>
        Find(name, candidates) is { } match ? $" (did you mean '{match}'?)" : "";

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' '))).ToLowerInvariant();

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
