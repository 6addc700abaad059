/**
 * The platform role's campaign management (protocol-notes §1.1, §1.2, §4.2–4.7): what the China
 * Telecom / OceanConnect console does for DFOTA, as an embeddable API.
 *
 * <ul>
 *   <li>{@link io.dfota.platform.Catalog}: Profiles ({@link io.dfota.platform.DeviceProfile}, from
 *       the seed's Profile JSON), manufacturers' public keys, signed firmware packages verified
 *       with dfota-signing and matched field by field against a Profile, device groups.
 *   <li>{@link io.dfota.platform.CampaignEngine}: batch firmware-upgrade tasks run over any {@link
 *       io.dfota.core.FotaFleet}, driven by device wake-ups and by timers on the injected {@link
 *       io.dfota.core.Scheduler}, with stage timeouts, retries and per-cell concurrency; progress
 *       through {@link io.dfota.platform.CampaignListener}; details as the seed's Figure 16.
 *   <li>{@link io.dfota.platform.CampaignStore}: in memory, or JDBC (embedded H2 file, PostgreSQL)
 *       with its own schema migration; every outcome is stored before it is reported, and a
 *       restarted engine resumes its tasks.
 * </ul>
 *
 * <pre>{@code
 * CampaignStore store = CampaignStore.h2(dataDir);
 * Catalog catalog = Catalog.builder().store(store).dataDir(dataDir).build();
 * catalog.importProfile(profileJson);
 * catalog.uploadKey("Quectel", publicPem);
 * FirmwarePackage pkg = catalog.uploadPackage(new PackageUpload(signedZip, "BC35GJBR01A04",
 *     "WaterMeter", "Quectel", "NBIoTDevice", "CoAP")).orThrow();
 * CampaignEngine engine = CampaignEngine.builder().store(store).catalog(catalog)
 *     .fleet(lwm2mFleet).scheduler(scheduler).build();
 * engine.start();
 * engine.createTask(TaskRequest.builder().name("task 5").packageId(pkg.id()).group("DFOTA")
 *     .retry(RetryPolicy.custom(5, Duration.ZERO)).build());
 * }</pre>
 */
@NullMarked
package io.dfota.platform;

import org.jspecify.annotations.NullMarked;
