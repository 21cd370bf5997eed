using XaiRouter.Admin;

// xai-admin: the operator's view inside the cluster, as an Orleans client (README, "xai-admin").
return await AdminCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
