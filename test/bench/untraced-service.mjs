// A built service started like its main.js but without OpenTelemetry, for the memory bench:
// node test/bench/untraced-service.mjs <name> (expects `npm run build`).
const name = process.argv[2];
const { runService } = await import('../../dist/libs/service-defaults/src/index.js');
const app = Object.values(await import(`../../dist/services/${name}/src/${name}.app.js`)).find((v) => v && typeof v === 'object' && v.name === name);
await runService(app);
