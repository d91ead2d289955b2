using Bunq.CodeGen.Tool.Commands;

return await BunqCodegenCommand.Create().Parse(args).InvokeAsync();
