"use strict";

// The backbone CLI of the landscape under test (BACKBONE_BINARY, BACKBONE_HOME and BACKBONE_LANDSCAPE, exported by
// run.sh). Commands print one JSON document with `-o json`.

const { execFile, execFileSync } = require("node:child_process");

function cliEnvironment() {
    const binary = process.env.BACKBONE_BINARY;
    const home = process.env.BACKBONE_HOME;
    const landscape = process.env.BACKBONE_LANDSCAPE || "dev";
    return { binary, home, landscape, available: Boolean(binary && home) };
}

function options() {
    const { binary, home } = cliEnvironment();
    if (!binary || !home) throw new Error("BACKBONE_BINARY and BACKBONE_HOME must be set (tests/compat/run.sh exports them)");
    // BACKBONE_OUTPUT is overridden by -o json anyway; the home selects the daemon and vault of the landscape.
    return { binary, env: { ...process.env, BACKBONE_HOME: home }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 };
}

function parse(args, stdout) {
    try {
        return JSON.parse(stdout);
    } catch (_) {
        throw new Error(`backbone ${args.join(" ")}: no JSON on standard output: ${stdout}`);
    }
}

/** Runs `backbone <args> -o json` and returns the parsed output; blocks the event loop. */
function backboneSync(args) {
    const { binary, ...rest } = options();
    const full = [...args, "-o", "json"];
    return parse(full, execFileSync(binary, full, { ...rest, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

/**
 * The same without blocking the event loop, for commands that run while clients are busy (a rotation under load):
 * execFileSync would stop every client of this process for as long as the command runs.
 */
function backbone(args) {
    const { binary, ...rest } = options();
    const full = [...args, "-o", "json"];
    return new Promise((resolve, reject) => {
        execFile(binary, full, { ...rest, encoding: "utf8" }, (error, stdout, stderr) => {
            if (error) {
                error.message += `\nbackbone ${full.join(" ")}\nstdout: ${stdout}\nstderr: ${stderr}`;
                reject(error);
                return;
            }
            try {
                resolve(parse(full, stdout));
            } catch (e) {
                reject(e);
            }
        });
    });
}

module.exports = { cliEnvironment, backbone, backboneSync };
