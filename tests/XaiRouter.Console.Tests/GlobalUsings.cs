global using System.Globalization;
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using Microsoft.Playwright;
global using Xunit;
global using XaiRouter.TestSupport;
global using static Microsoft.Playwright.Assertions;
global using IRequest = Microsoft.Playwright.IRequest;
