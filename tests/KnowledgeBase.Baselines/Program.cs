Console.Error.WriteLine("baselines: not built yet");
return 1;
