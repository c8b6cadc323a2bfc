import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering, checked on every lint: an import may only point inward (towards src/domain).
 * Rooms, from the inside out:
 *   domain          plain types, ports and pure helpers; imports nothing of the rest.
 *   app             use cases, pipelines, the job runner, the worker loop; imports domain only
 *                   (decided: no infra either; metrics reach app through the RunReportSink port).
 *   adapters, infra the outside world (Postgres, Shopify, API X, Kubernetes, logging, Pushgateway);
 *                   import domain and each other, never app, config, doctor, cli or the root.
 *   config          reads the environment into Config; imports domain only.
 *   doctor          the doctor's checks; import anything above except cli and the root.
 *   composition-root.ts and composition/  wire everything, map the configuration to options
 *                   and run a job; import anything but cli.
 *   cli             the entry point and commands; may import everything, the root included.
 *   simulators, scripts  product too (`make demo`, `npm run simulators`): like src, they never
 *                   import test/; tests import them.
 * Patterns name folders (relative specifiers only), so files added to a room fall under it.
 */
const layer = (...names) => ({
  regex: `^\\.{1,2}/(?:.*/)?(?:${names.join('|')})/`,
  message: `points outward: ${names.join(', ')} sit outside this folder's layer (see eslint.config.js)`,
});
const toRoot = {
  regex: '^\\.{1,2}/(?:.*/)?(?:composition-root\\.js$|composition/)',
  message: 'only src/cli may import the composition root (see eslint.config.js)',
};
const toTest = {
  regex: '^\\.{1,2}/(?:.*/)?test/',
  message:
    'test code is not product: src, simulators and scripts never import test/ (see eslint.config.js)',
};
const boundaries = [
  ['src/domain/**', [layer('app', 'adapters', 'infra', 'config', 'doctor', 'cli'), toRoot]],
  ['src/app/**', [layer('adapters', 'infra', 'config', 'doctor', 'cli'), toRoot]],
  ['src/{adapters,infra}/**', [layer('app', 'config', 'doctor', 'cli'), toRoot]],
  ['src/config/**', [layer('app', 'adapters', 'infra', 'doctor', 'cli'), toRoot]],
  ['src/doctor/**', [layer('cli'), toRoot]],
  ['src/{composition-root.ts,composition/**}', [layer('cli')]],
  ['src/cli/**', []],
  ['{simulators,scripts}/**', []],
].map(([files, patterns]) => ({
  files: [files],
  rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, toTest] }] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten await is a lost write or an unhandled rejection: always a bug here.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Fakes implement async ports without awaiting anything.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  ...boundaries,
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
