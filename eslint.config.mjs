// Type-aware lint for the whole workspace. Module boundaries: a service may import shared libs only,
// never another service; libs import only the libs below them.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.infra/**',
      '.nx/**',
      '**/generated/**',
      'libs/proto/src/generated/**',
      'tools/infra/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Swagger DTO classes describe response shapes; handlers return plain objects of that shape.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      // Nest modules are classes with only static members by design.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api-gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:consultation', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:model-router', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:hospital-integration', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:insurance-certificates',
              onlyDependOnLibsWithTags: ['scope:shared'],
            },
            { sourceTag: 'scope:payments', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:hospital-simulator', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Runtime code never imports test helpers.
    files: ['apps/*/src/**/*.ts', 'libs/!(testing)/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@meridian/testing', message: 'Test helpers never ship in runtime code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Test doubles implement async interfaces with synchronous bodies.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
