using System.Collections;
using System.Reflection;
using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// A generated client compiled in memory and loaded, used from ordinary test code. The runtime's generic entry points
/// (<see cref="BunqJson"/>, <see cref="BunqEnvelope"/>) are closed over the loaded model types, and models come back as
/// <c>dynamic</c>, so a test reads <c>payment.Amount</c> and asserts on its typed value, not on a string a harness printed.
/// </summary>
internal sealed class LoadedClient
{
    private readonly Assembly _assembly;
    private readonly string _namespace;

    public LoadedClient(Assembly assembly, string @namespace)
    {
        _assembly = assembly;
        _namespace = @namespace;
    }

    /// <summary>A generated type by its name in the client's namespace; a union case as <c>MonetaryAccount+Bank</c>.</summary>
    public Type Type(string name) => _assembly.GetType(_namespace + "." + name, throwOnError: true)!;

    public dynamic New(string type, params object?[] arguments) => Unwrapped(() => Activator.CreateInstance(Type(type), arguments)!);

    /// <summary>A static property of a generated type, such as a known value of an extensible enum.</summary>
    public dynamic Static(string type, string property)
        => (Type(type).GetProperty(property, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException(type + " has no static " + property + ".")).GetValue(null)!;

    /// <summary>A value of an extensible enum through its implicit conversion from text, as <c>PointerType t = "IBAN";</c> is.</summary>
    public dynamic FromText(string type, string text)
        => Type(type).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "op_Implicit" && m.GetParameters()[0].ParameterType == typeof(string))
            .Invoke(null, new object[] { text })!;

    /// <summary>A <see cref="List{T}"/> of a generated model, as a request's list property takes it.</summary>
    public dynamic ListOf(string model, params object[] items)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(Type(model)))!;
        foreach (var item in items) list.Add(item);
        return list;
    }

    /// <summary><see cref="BunqJson.Deserialize{T}"/> of one model.</summary>
    public dynamic Read(string model, string json) => Call(nameof(ReadModel), Type(model), Encoding.UTF8.GetBytes(json));

    /// <summary><see cref="BunqEnvelope.ReadList{T}"/> of an answer envelope.</summary>
    public dynamic ReadList(string model, string json, string objectType) => Call(nameof(ReadModelList), Type(model), Answer(json), objectType);

    /// <summary><see cref="BunqEnvelope.ReadUnionList{T}"/> of an answer envelope.</summary>
    public dynamic ReadUnionList(string model, string json) => Call(nameof(ReadModelUnionList), Type(model), Answer(json));

    /// <summary><see cref="BunqEnvelope.ReadMulti{T}"/> of an answer envelope.</summary>
    public dynamic ReadMulti(string model, string json) => Call(nameof(ReadModelMulti), Type(model), Answer(json));

    /// <summary>
    /// <see cref="BunqJson.Serialize{T}"/> of a model as its model type (a union's case as the union), as UTF-8 text:
    /// the exact bytes a request sends and signs.
    /// </summary>
    public static string Write(object model)
    {
        var modelType = model.GetType().GetInterfaces()
            .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IBunqModel<>))
            .GetGenericArguments()[0];
        return Encoding.UTF8.GetString((byte[])Call(nameof(WriteModel), modelType, model));
    }

    /// <summary>The items of a page (a <see cref="BunqPage{T}"/> of a loaded model), each as <c>dynamic</c>.</summary>
    public static List<dynamic> Items(object page)
        => ((IEnumerable)page.GetType().GetProperty(nameof(BunqPage<Amount>.Items))!.GetValue(page)!).Cast<dynamic>().ToList();

    public static BunqResponse Answer(string json) => new(200, Encoding.UTF8.GetBytes(json), "application/json", "response-1");

    private static T ReadModel<T>(byte[] json) where T : IBunqModel<T> => BunqJson.Deserialize<T>(json);

    private static byte[] WriteModel<T>(T model) where T : IBunqModel<T> => BunqJson.Serialize(model);

    private static BunqPage<T> ReadModelList<T>(BunqResponse response, string objectType) where T : class, IBunqModel<T>
        => BunqEnvelope.ReadList<T>(response, objectType);

    private static BunqPage<T> ReadModelUnionList<T>(BunqResponse response) where T : class, IBunqModel<T>
        => BunqEnvelope.ReadUnionList<T>(response);

    private static T ReadModelMulti<T>(BunqResponse response) where T : IBunqMultiResult<T> => BunqEnvelope.ReadMulti<T>(response);

    private static object Call(string method, Type model, params object[] arguments)
    {
        var generic = typeof(LoadedClient).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(model);
        return Unwrapped(() => generic.Invoke(null, arguments)!);
    }

    // A generated member that throws should fail the test with its own exception, not reflection's wrapper.
    private static object Unwrapped(Func<object> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
