import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { copyFileSync, mkdirSync } from 'node:fs';

/** Copies gadget.xml next to the bundle: the two files a Finesse administrator uploads. */
function copyGadgetXml() {
  return {
    name: 'copy-gadget-xml',
    writeBundle() {
      mkdirSync('dist', { recursive: true });
      copyFileSync('gadget.xml', 'dist/gadget.xml');
    },
  };
}

export default {
  input: 'src/index.ts',
  output: {
    file: 'dist/customer-context.js',
    format: 'es',
    sourcemap: true,
  },
  onwarn(warning, warn) {
    // zod's internal modules import each other in a cycle; harmless and not ours.
    const inZod = (id) => id?.includes('node_modules/zod');
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some(inZod)) return;
    // zod places a `@__PURE__` comment where rollup cannot use it; rollup drops it, nothing else changes.
    if (warning.code === 'INVALID_ANNOTATION' && inZod(warning.id)) return;
    warn(warning);
  },
  plugins: [
    resolve({ browser: true, exportConditions: ['browser', 'production'] }),
    typescript({ tsconfig: './tsconfig.build.json', declaration: false, emitDeclarationOnly: false, outDir: 'dist', sourceMap: true }),
    terser({ module: true, ecma: 2022, format: { comments: false } }),
    copyGadgetXml(),
  ],
};
