using KnowledgeBase.Api;

var app = ApiHost.Build(args);
app.Run();
