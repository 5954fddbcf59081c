using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ShureDrivers.Hosting;
using ShureDrivers.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Shure ANI4OUT devices in a service collection.</summary>
public static class ShureDriversServiceCollectionExtensions
{
    /// <summary>
    /// Binds <paramref name="configuration"/> (the <c>Shure</c> section) to <see cref="ShureDriversOptions"/>,
    /// checked at start; registers <see cref="IShureDeviceRegistry"/>, which connects every device in the background
    /// while the host runs, and each device as keyed services under its name: a <see cref="ShureDrivers.ShureDevice"/>,
    /// and its model's type (<see cref="ShureDrivers.Ani4OutDevice"/>, or <see cref="ShureDrivers.Ani4InDevice"/>
    /// for <c>Model: ANI4IN</c>; asking for the other model's type under that name throws).
    /// </summary>
    public static IServiceCollection AddShureDrivers(this IServiceCollection services, IConfiguration configuration, Action<ShureDriversOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ShureDriversOptions>().Bind(configuration);
        foreach (var device in configuration.GetSection(nameof(ShureDriversOptions.Devices)).GetChildren())
        {
            AddDevice(services, device.Key);
        }

        return services.AddShureDriversCore(configure);
    }

    /// <summary>As <see cref="AddShureDrivers(IServiceCollection, IConfiguration, Action{ShureDriversOptions})"/>, configured in code; <paramref name="deviceNames"/> are registered as keyed services.</summary>
    public static IServiceCollection AddShureDrivers(this IServiceCollection services, Action<ShureDriversOptions> configure, params string[] deviceNames)
    {
        ArgumentNullException.ThrowIfNull(configure);
        foreach (var name in deviceNames)
        {
            AddDevice(services, name);
        }

        return services.AddShureDriversCore(configure);
    }

    private static IServiceCollection AddShureDriversCore(this IServiceCollection services, Action<ShureDriversOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ShureDriversOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShureDriversOptions>, ShureDriversOptionsValidator>());
        services.TryAddSingleton<ShureDeviceRegistry>();
        services.TryAddSingleton<IShureDeviceRegistry>(sp => sp.GetRequiredService<ShureDeviceRegistry>());
        services.AddHostedService(sp => sp.GetRequiredService<ShureDeviceRegistry>());
        return services;
    }

    private static void AddDevice(IServiceCollection services, string name)
    {
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredService<IShureDeviceRegistry>().GetShureDevice((string)key!));
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredService<IShureDeviceRegistry>().GetDevice((string)key!));
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredService<IShureDeviceRegistry>().GetShureDevice((string)key!) as ShureDrivers.Ani4InDevice
            ?? throw new InvalidOperationException($"The Shure device '{key}' is not configured as an ANI4IN (Model: ANI4IN)."));
    }
}
