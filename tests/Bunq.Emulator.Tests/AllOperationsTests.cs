using System.Text.Json.Nodes;
using Bunq.CodeGen.Model;

namespace Bunq.Emulator.Tests;

/// <summary>The generic store serves every operation of the spec, in the envelope the model promises.</summary>
public sealed class AllOperationsTests
{
    [Fact]
    public async Task Every_list_and_create_under_the_user_and_the_account_answers_its_envelope()
    {
        await using var emulator = await BunqEmulator.StartAsync(TestKeys.Options());
        using var bunq = await RawBunq.ConnectAsync(emulator);
        var operations = BunqEmulator.LoadOperations(null);
        var reads = operations.Where(o => o.Kind == OperationKind.Read).ToDictionary(o => o.Path, o => o);
        var problems = new List<string>();
        var lists = 0;
        var creates = 0;

        foreach (var op in operations.Where(o => o.Token == TokenKind.Session))
        {
            var path = Fill(op.Path, bunq);
            if (path is null) continue;
            if (op.Kind == OperationKind.List && op.Shape is ResultShape.List or ResultShape.Union)
            {
                lists++;
                var answer = await bunq.GetAsync(path);
                if (answer.Status != 200 || answer.SignatureValid != true || answer.Json["Response"] is not JsonArray || answer.Json["Pagination"] is not JsonObject)
                {
                    problems.Add($"{op}: {answer}");
                }
            }
            else if (op.Kind == OperationKind.Create && !op.BinaryRequest)
            {
                creates++;
                var answer = await bunq.PostAsync(path, new JsonObject());
                if (answer.Status is not (200 or 400) || answer.SignatureValid != true)
                {
                    problems.Add($"{op}: {answer}");
                    continue;
                }
                if (answer.Status != 200 || op.Shape != ResultShape.Id || !reads.TryGetValue(op.Path + "/{itemId}", out var read) || read.Key is null) continue;
                var id = answer.Element("Id")["id"]!.GetValue<long>();
                var back = await bunq.GetAsync($"{path}/{id}");
                if (back.Status != 200 || back.ResponseArray.Count != 1 || back.ResponseArray[0]![read.Key] is not JsonObject created || created["id"]!.GetValue<long>() != id)
                {
                    problems.Add($"{read} after {op}: {back}");
                }
            }
        }

        Assert.Empty(problems);
        Assert.True(lists > 50, $"only {lists} lists were reachable");
        Assert.True(creates > 20, $"only {creates} creates were reachable");
    }

    /// <summary>The path with the user and account filled in; null when it needs any other id.</summary>
    private static string? Fill(string template, RawBunq bunq)
    {
        var segments = template.Trim('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{')) continue;
            if (segments[i] == "{userID}") segments[i] = bunq.UserId.ToString();
            else if (segments[i] == "{monetary-accountID}") segments[i] = bunq.AccountId.ToString();
            else return null;
        }
        return string.Join('/', segments);
    }
}
