// The preamble of every ```csharp block in README.md and docs/*.md (DocSnippetTests compiles each block on its own,
// with this file beside it, warnings as errors, nullable on). docs/snippets.md describes the rules.
//
// 1. The implicit usings of an SDK web project (Microsoft.NET.Sdk.Web, ImplicitUsings=enable). Everything else — Bunq.Runtime,
//    Bunq.AspNetCore, Bunq.Emulator, MyApp.Bunq (the generated client, BunqNamespace=MyApp.Bunq, the whole spec) —
//    a snippet imports itself, as the reader's file would have to.
global using System;
global using System.Collections.Generic;
global using System.IO;
global using System.Linq;
global using System.Net.Http;
global using System.Net.Http.Json;
global using System.Threading;
global using System.Threading.Tasks;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Hosting;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Routing;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
global using static DocSnippet;

// 2. The values a snippet may take as given (the surrounding prose says where they come from). A snippet that
//    declares one of these names itself shadows it.
#pragma warning disable CS8618, IDE1006
public static class DocSnippet
{
    /// <summary>A bunq API key (or sandbox key, or OAuth access token).</summary>
    public static string apiKey = "";
    public static long userId;
    public static long accountId;
    public static long paymentId;
    public static CancellationToken cancellationToken;
    public static Bunq.Runtime.BunqApiContext context;
    public static Bunq.Runtime.BunqContextFileStore store;
    public static Bunq.Runtime.BunqApiClient api;
    /// <summary>The generated client (namespace MyApp.Bunq).</summary>
    public static MyApp.Bunq.BunqClient bunq;
    public static MyApp.Bunq.PaymentRequest payment;
    public static MyApp.Bunq.MonetaryAccount account;
    public static HttpClient httpClient;
    public static ILogger logger;
    public static ILoggerFactory loggerFactory;
    public static IServiceCollection services;
    public static IConfiguration configuration;
    public static WebApplicationBuilder builder;
    public static WebApplication app;
}
