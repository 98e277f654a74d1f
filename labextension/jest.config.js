/** Unit tests of the pure logic (src/findings.ts): ts-jest, node environment. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/__tests__/**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          target: 'ES2020',
          strict: true,
          esModuleInterop: true,
          types: ['jest']
        }
      }
    ]
  }
};
