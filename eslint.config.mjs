// ESLint (flat config): our own scripts under cameramap/static/js; vendored files are not ours.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["cameramap/static/vendor/**", "node_modules/**", "tests/**", ".venv/**"] },
  js.configs.recommended,
  {
    files: ["cameramap/static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, L: "readonly" }
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-var": "off",
      "prefer-const": "off"
    }
  },
  {
    files: ["cameramap/static/js/pow-worker.js"],
    // A classic worker script; it also exports for Node when required there.
    languageOptions: { sourceType: "script", globals: { ...globals.worker, module: "writable" } }
  }
];
