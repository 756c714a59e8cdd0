import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fileURLToPath } from 'node:url';

/**
 * The demo lives at `/demo/` (its page loads `./demo.ts`, so it needs the
 * trailing slash): `/` (the address `npm start` prints) and `/demo` redirect
 * there, keeping the query (`?agent=ann&mode=care` …).
 */
export function demoRedirect() {
  return function redirectToDemo(context, next) {
    if (context.path !== '/' && context.path !== '/demo') return next();
    context.redirect(`/demo/${context.querystring ? `?${context.querystring}` : ''}`);
    return undefined;
  };
}

// `npm start`: the demo host, served from source (TypeScript compiled on the fly).
export default {
  rootDir: '.',
  appIndex: 'demo/index.html',
  open: false,
  watch: false,
  nodeResolve: { exportConditions: ['browser', 'development'] },
  port: Number(process.env.PORT ?? 8000),
  middleware: [demoRedirect()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
};
