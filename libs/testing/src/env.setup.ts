// Loaded before every integration and end-to-end test file.
process.env['TZ'] = 'UTC';
process.env['NODE_ENV'] = 'test';
