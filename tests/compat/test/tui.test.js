"use strict";

// `backbone tui` end to end: support staff search an identity made through @nmshd/transport (7.0.0), open one of its
// relationships and see its history. The console runs in tmux at 80x24 against the landscape under test; keys go in
// with `tmux send-keys`, the screen comes out with `tmux capture-pane`.
//
// Needs the CLI of the landscape (BACKBONE_BINARY, BACKBONE_HOME, BACKBONE_LANDSCAPE, exported by tests/compat/run.sh)
// and tmux.

const { describe, it, after } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const { useAccounts, addRelationship, sleep } = require("../lib/setup");
const { cliEnvironment, backboneSync } = require("../lib/cli");

const env = cliEnvironment();
const SKIP = env.available ? false : "needs BACKBONE_BINARY and BACKBONE_HOME of the landscape (tests/compat/run.sh exports them)";
const SOCKET = `backbone-tui-${process.pid}`;
const SESSION = "tui";
const WAIT_MS = 15_000;

function tmux(...args) {
    return execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const screen = () => tmux("capture-pane", "-p", "-t", SESSION);

/** Waits until the screen shows every one of `texts`; returns it. */
async function waitFor(...texts) {
    const deadline = Date.now() + WAIT_MS;
    let shown = "";
    while (Date.now() < deadline) {
        shown = screen();
        if (texts.every((text) => shown.includes(text))) return shown;
        await sleep(100);
    }
    assert.fail(`the console did not show ${JSON.stringify(texts)}; it shows:\n${shown}`);
}

const keys = (...names) => tmux("send-keys", "-t", SESSION, ...names);
const type = (text) => tmux("send-keys", "-t", SESSION, "-l", text);

describe("backbone tui via @nmshd/transport 7.0.0", { skip: SKIP, timeout: 120_000 }, () => {
    const suite = useAccounts();
    after(() => {
        try {
            tmux("kill-server");
        } catch (_) {
            // Already gone: the console quit.
        }
    });

    it("support staff search an identity, open a relationship and see its history", async () => {
        const [templator, requestor] = await suite.accounts("templator", "requestor");
        const relationshipId = (await addRelationship(templator, requestor)).toString();
        const address = templator.identity.address.toString();
        const token = backboneSync(["token", "create", `tui-support-${process.pid}`, "--role", "support"]).token;

        const command = [
            "env",
            `BACKBONE_HOME=${env.home}`,
            `BACKBONE_TOKEN=${token}`,
            env.binary,
            "tui",
            "--landscape",
            env.landscape
        ];
        tmux("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", command.map((part) => `'${part}'`).join(" "));
        await waitFor("Overview", "role support", "Landscapes");

        keys("/");
        await waitFor("Search (/)");
        type(address);
        keys("Enter");
        await waitFor("1 identities", address.slice(0, 30));

        keys("Enter");
        await waitFor("Devices | Relationships", "Client ");
        keys("Right");
        await waitFor(relationshipId, "Active");

        keys("Enter");
        const history = await waitFor("History", "AcceptanceOfCreation", "Pending → Active");
        assert.match(history, /Creation\s+- → Pending/);
        assert.ok(history.includes(requestor.identity.address.toString().slice(0, 40)), history);

        // Read-only for support: asking to change a tier is refused on screen.
        keys("Escape");
        await waitFor("Devices | Relationships");
        keys("t");
        await waitFor("The support role may not change accounts.");

        keys("q");
        const deadline = Date.now() + WAIT_MS;
        while (Date.now() < deadline) {
            try {
                tmux("has-session", "-t", SESSION);
            } catch (_) {
                return; // the console quit and the session ended with it
            }
            await sleep(100);
        }
        assert.fail("the console did not quit on q");
    });
});
