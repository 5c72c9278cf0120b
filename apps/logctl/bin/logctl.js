#!/usr/bin/env node
// Committed entry point, so npm can link the command at install time, before dist/ is built.
import '../dist/main.js';
