Console.Error.WriteLine("The durable ingest worker is not built yet; use 'kb ingest'.");
return 1;
