
use builtin;
use str;

set edit:completion:arg-completer[backbone] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'backbone'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'backbone'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand landscape 'Run, inspect and remove landscapes: self-contained Backbone installations'
            cand scale 'Set the number of instances of a component of a running landscape'
            cand daemon 'Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses'
            cand vault 'Inspect and rotate the secrets in a landscape''s vault (stage, prod and their copies)'
            cand token 'Manage the admin API''s tokens (operator role)'
            cand audit 'Show the audit log: every change made through the admin API (operator role)'
            cand identities 'Find accounts and show them: devices, tier, deletion state (every role; read-only)'
            cand relationships 'List an identity''s relationships, or show relationships with their whole history'
            cand messages 'List the metadata of an identity''s messages (never their content)'
            cand tiers 'List, create and delete tiers'
            cand clients 'List and manage the OAuth clients that apps onboard identities with'
            cand quotas 'Quotas: limits on what identities create per period, for a whole tier or one identity'
            cand announcements 'Announcements: what the platform tells its users, in their languages'
            cand tui 'A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows the keys). Read-only unless your role may change accounts, and it asks before any change'
            cand service 'Run single components, as a landscape''s instances do'
            cand config 'Inspect the configuration'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;landscape'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand up 'Start a landscape (or bring a running one to its file''s replicas) and wait until it is ready. Starts the daemon in the background if none runs'
            cand down 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`'
            cand status 'Show a landscape''s components: desired and ready replicas, instances'
            cand list 'List the landscapes and their state'
            cand plan 'Show what `up` would change: components to start or scale, pending migrations'
            cand create 'Create a temporary landscape from another one''s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up'
            cand destroy 'Stop a landscape and delete its state: database, files, secrets, logs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;landscape;up'= {
            cand --listen 'Where the landscape listens (`host:port`), instead of its file''s `listen`'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;down'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;status'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;list'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;plan'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;create'= {
            cand --from 'The landscape whose file is copied'
            cand --ttl 'Destroy it, data and processes, this long after creation (`30m`, `8h`, `2d`)'
            cand --listen 'Where it listens (`host:port`); by default a free port on the original''s host'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;destroy'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;landscape;help'= {
            cand up 'Start a landscape (or bring a running one to its file''s replicas) and wait until it is ready. Starts the daemon in the background if none runs'
            cand down 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`'
            cand status 'Show a landscape''s components: desired and ready replicas, instances'
            cand list 'List the landscapes and their state'
            cand plan 'Show what `up` would change: components to start or scale, pending migrations'
            cand create 'Create a temporary landscape from another one''s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up'
            cand destroy 'Stop a landscape and delete its state: database, files, secrets, logs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;landscape;help;up'= {
        }
        &'backbone;landscape;help;down'= {
        }
        &'backbone;landscape;help;status'= {
        }
        &'backbone;landscape;help;list'= {
        }
        &'backbone;landscape;help;plan'= {
        }
        &'backbone;landscape;help;create'= {
        }
        &'backbone;landscape;help;destroy'= {
        }
        &'backbone;landscape;help;help'= {
        }
        &'backbone;scale'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;daemon'= {
            cand --listen 'Where the admin API listens; keep it on loopback'
            cand --autoscale-interval 'How often autoscaling policies are evaluated'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show the running daemon: version, pid, URL, and the role of your token'
            cand stop 'Stop every landscape, then the daemon'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;daemon;status'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;daemon;stop'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;daemon;help'= {
            cand status 'Show the running daemon: version, pid, URL, and the role of your token'
            cand stop 'Stop every landscape, then the daemon'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;daemon;help;status'= {
        }
        &'backbone;daemon;help;stop'= {
        }
        &'backbone;daemon;help;help'= {
        }
        &'backbone;vault'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the secrets: names and current versions, never values'
            cand history 'Show a secret''s versions: state, when and by whom each was made; never values'
            cand scan 'Look for secret values in the home''s logs (the daemon''s and every landscape''s): where each turned up and which secret, never the value; exits 1 if any did (operator role)'
            cand policy 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file''s `[secrets.<name>]` `read` and `rotate` lists'
            cand show 'Show a secret''s current version; its value only with `--reveal`, if its policy lets your role read it (audited)'
            cand set 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current'
            cand rotate 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;vault;list'= {
            cand --landscape 'The landscape whose vault it is'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;history'= {
            cand --landscape 'The landscape whose vault it is'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;scan'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;policy'= {
            cand --landscape 'The landscape whose vault it is'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;show'= {
            cand --landscape 'The landscape whose vault it is'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand --reveal 'Print the value too'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;set'= {
            cand --landscape 'The landscape whose vault it is'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;rotate'= {
            cand --landscape 'The landscape whose vault it is'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand --dry-run 'Say what would happen without doing it'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;vault;help'= {
            cand list 'List the secrets: names and current versions, never values'
            cand history 'Show a secret''s versions: state, when and by whom each was made; never values'
            cand scan 'Look for secret values in the home''s logs (the daemon''s and every landscape''s): where each turned up and which secret, never the value; exits 1 if any did (operator role)'
            cand policy 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file''s `[secrets.<name>]` `read` and `rotate` lists'
            cand show 'Show a secret''s current version; its value only with `--reveal`, if its policy lets your role read it (audited)'
            cand set 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current'
            cand rotate 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;vault;help;list'= {
        }
        &'backbone;vault;help;history'= {
        }
        &'backbone;vault;help;scan'= {
        }
        &'backbone;vault;help;policy'= {
        }
        &'backbone;vault;help;show'= {
        }
        &'backbone;vault;help;set'= {
        }
        &'backbone;vault;help;rotate'= {
        }
        &'backbone;vault;help;help'= {
        }
        &'backbone;token'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a token bound to a role; it is shown once'
            cand list 'List the tokens (names and roles, never the tokens)'
            cand rotate 'Replace a token with a new one of the same name and role, shown once; the old one stops working'
            cand revoke 'Revoke a token'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;token;create'= {
            cand --role 'role'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;token;list'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;token;rotate'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;token;revoke'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;token;help'= {
            cand create 'Create a token bound to a role; it is shown once'
            cand list 'List the tokens (names and roles, never the tokens)'
            cand rotate 'Replace a token with a new one of the same name and role, shown once; the old one stops working'
            cand revoke 'Revoke a token'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;token;help;create'= {
        }
        &'backbone;token;help;list'= {
        }
        &'backbone;token;help;rotate'= {
        }
        &'backbone;token;help;revoke'= {
        }
        &'backbone;token;help;help'= {
        }
        &'backbone;audit'= {
            cand --limit 'How many of the latest entries to show'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;identities'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand search 'Find identities by address (or part of it), device id, username or client id'
            cand show 'Show an identity: client, tier, status, devices with their last login, deletion processes'
            cand tokens 'List the tokens an identity created: who they are for, expiry, whether locked (never content)'
            cand set-tier 'Move an identity to another tier (operator role; audited)'
            cand unlock-token 'Unlock a token locked after 100 wrong passwords (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;identities;search'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;identities;show'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;identities;tokens'= {
            cand --page 'Which page of 50'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;identities;set-tier'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;identities;unlock-token'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;identities;help'= {
            cand search 'Find identities by address (or part of it), device id, username or client id'
            cand show 'Show an identity: client, tier, status, devices with their last login, deletion processes'
            cand tokens 'List the tokens an identity created: who they are for, expiry, whether locked (never content)'
            cand set-tier 'Move an identity to another tier (operator role; audited)'
            cand unlock-token 'Unlock a token locked after 100 wrong passwords (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;identities;help;search'= {
        }
        &'backbone;identities;help;show'= {
        }
        &'backbone;identities;help;tokens'= {
        }
        &'backbone;identities;help;set-tier'= {
        }
        &'backbone;identities;help;unlock-token'= {
        }
        &'backbone;identities;help;help'= {
        }
        &'backbone;relationships'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the relationships of an identity, newest first: peer, who asked, status, when answered'
            cand inspect 'Show relationships with their state timeline: who changed what, when, from which device'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;relationships;list'= {
            cand --participant 'participant'
            cand --page 'Which page of 50'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;relationships;inspect'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;relationships;help'= {
            cand list 'List the relationships of an identity, newest first: peer, who asked, status, when answered'
            cand inspect 'Show relationships with their state timeline: who changed what, when, from which device'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;relationships;help;list'= {
        }
        &'backbone;relationships;help;inspect'= {
        }
        &'backbone;relationships;help;help'= {
        }
        &'backbone;messages'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List an identity''s messages, newest first: sender, recipients, when each received it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;messages;list'= {
            cand --participant 'participant'
            cand --page 'Which page of 50'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand --outgoing 'Those it sent rather than those it received'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;messages;help'= {
            cand list 'List an identity''s messages, newest first: sender, recipients, when each received it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;messages;help;list'= {
        }
        &'backbone;messages;help;help'= {
        }
        &'backbone;tiers'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the tiers and how many identities each has'
            cand show 'Show a tier and its quotas'
            cand create 'Create a tier (operator role; audited)'
            cand delete 'Delete a tier nobody is in and no client defaults to (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;tiers;list'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;tiers;show'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;tiers;create'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;tiers;delete'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;tiers;help'= {
            cand list 'List the tiers and how many identities each has'
            cand show 'Show a tier and its quotas'
            cand create 'Create a tier (operator role; audited)'
            cand delete 'Delete a tier nobody is in and no client defaults to (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;tiers;help;list'= {
        }
        &'backbone;tiers;help;show'= {
        }
        &'backbone;tiers;help;create'= {
        }
        &'backbone;tiers;help;delete'= {
        }
        &'backbone;tiers;help;help'= {
        }
        &'backbone;clients'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the OAuth clients and how many identities each created'
            cand create 'Create a client; its generated secret is shown once (operator role; audited)'
            cand update 'Change a client''s default tier and cap on identities (operator role; audited)'
            cand change-secret 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape''s own clients rotate through the vault, with a grace window'
            cand delete 'Delete a client; its identities keep working (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;clients;list'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;clients;create'= {
            cand --default-tier 'The tier new identities get: its name or id'
            cand --display-name 'display-name'
            cand --max-identities 'max-identities'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;clients;update'= {
            cand --default-tier 'default-tier'
            cand --max-identities 'max-identities'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;clients;change-secret'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;clients;delete'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;clients;help'= {
            cand list 'List the OAuth clients and how many identities each created'
            cand create 'Create a client; its generated secret is shown once (operator role; audited)'
            cand update 'Change a client''s default tier and cap on identities (operator role; audited)'
            cand change-secret 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape''s own clients rotate through the vault, with a grace window'
            cand delete 'Delete a client; its identities keep working (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;clients;help;list'= {
        }
        &'backbone;clients;help;create'= {
        }
        &'backbone;clients;help;update'= {
        }
        &'backbone;clients;help;change-secret'= {
        }
        &'backbone;clients;help;delete'= {
        }
        &'backbone;clients;help;help'= {
        }
        &'backbone;quotas'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand metrics 'List what quotas can count'
            cand add 'Add a quota to a tier (all its identities) or to one identity, replacing its tier''s for the metric (operator role; audited)'
            cand delete 'Remove a quota from a tier or an identity (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;quotas;metrics'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;quotas;add'= {
            cand --tier 'The tier''s id: the quota applies to every identity in it'
            cand --identity 'The identity''s address: the quota replaces its tier''s for the metric'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;quotas;delete'= {
            cand --tier 'The tier''s id: the quota applies to every identity in it'
            cand --identity 'The identity''s address: the quota replaces its tier''s for the metric'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;quotas;help'= {
            cand metrics 'List what quotas can count'
            cand add 'Add a quota to a tier (all its identities) or to one identity, replacing its tier''s for the metric (operator role; audited)'
            cand delete 'Remove a quota from a tier or an identity (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;quotas;help;metrics'= {
        }
        &'backbone;quotas;help;add'= {
        }
        &'backbone;quotas;help;delete'= {
        }
        &'backbone;quotas;help;help'= {
        }
        &'backbone;announcements'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the announcements, newest first'
            cand show 'Show an announcement with its texts, actions and recipients'
            cand create 'Announce something (operator role; audited). Apps show it in their language, else in English'
            cand delete 'Delete an announcement (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;announcements;list'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;announcements;show'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;announcements;create'= {
            cand --title 'The English title'
            cand --body 'The English text'
            cand --translation 'The title and text in another language (ISO 639-1), e.g. `--translation de Wartung "Heute Nacht"`'
            cand --severity 'Low, Medium or High'
            cand --recipient 'Who sees it (at most 100); everybody if none'
            cand --expires-at 'When apps stop showing it as current (RFC 3339)'
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand --silent 'Without a push notification'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;announcements;delete'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -y 'Do not ask for confirmation (required when not at a terminal)'
            cand --yes 'Do not ask for confirmation (required when not at a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;announcements;help'= {
            cand list 'List the announcements, newest first'
            cand show 'Show an announcement with its texts, actions and recipients'
            cand create 'Announce something (operator role; audited). Apps show it in their language, else in English'
            cand delete 'Delete an announcement (operator role; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;announcements;help;list'= {
        }
        &'backbone;announcements;help;show'= {
        }
        &'backbone;announcements;help;create'= {
        }
        &'backbone;announcements;help;delete'= {
        }
        &'backbone;announcements;help;help'= {
        }
        &'backbone;tui'= {
            cand -l 'The landscape'
            cand --landscape 'The landscape'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;service'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand run 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;service;run'= {
            cand --listen 'Where the Consumer API listens (`host:port`; overrides `server.listen`), or the gateway when it runs (overrides `gateway.listen`)'
            cand --landscape 'Run as an instance of this landscape: its configuration defaults and the secrets, database and files in its state directory'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand --exit-with-parent 'Stop (as with SIGTERM) when the parent process ends: set by the daemon for its instances, so that none outlives a daemon that was killed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;service;help'= {
            cand run 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;service;help;run'= {
        }
        &'backbone;service;help;help'= {
        }
        &'backbone;config'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand example 'Print a commented example configuration file with every default'
            cand show 'Print the effective configuration of a landscape, secrets redacted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;config;example'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;config;show'= {
            cand --landscape 'The landscape whose defaults apply'
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;config;help'= {
            cand example 'Print a commented example configuration file with every default'
            cand show 'Print the effective configuration of a landscape, secrets redacted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;config;help;example'= {
        }
        &'backbone;config;help;show'= {
        }
        &'backbone;config;help;help'= {
        }
        &'backbone;completions'= {
            cand -o 'Output format of data printed to standard output'
            cand --output 'Output format of data printed to standard output'
            cand -c 'A TOML configuration file layered over the defaults'
            cand --config 'A TOML configuration file layered over the defaults'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'backbone;help'= {
            cand landscape 'Run, inspect and remove landscapes: self-contained Backbone installations'
            cand scale 'Set the number of instances of a component of a running landscape'
            cand daemon 'Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses'
            cand vault 'Inspect and rotate the secrets in a landscape''s vault (stage, prod and their copies)'
            cand token 'Manage the admin API''s tokens (operator role)'
            cand audit 'Show the audit log: every change made through the admin API (operator role)'
            cand identities 'Find accounts and show them: devices, tier, deletion state (every role; read-only)'
            cand relationships 'List an identity''s relationships, or show relationships with their whole history'
            cand messages 'List the metadata of an identity''s messages (never their content)'
            cand tiers 'List, create and delete tiers'
            cand clients 'List and manage the OAuth clients that apps onboard identities with'
            cand quotas 'Quotas: limits on what identities create per period, for a whole tier or one identity'
            cand announcements 'Announcements: what the platform tells its users, in their languages'
            cand tui 'A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows the keys). Read-only unless your role may change accounts, and it asks before any change'
            cand service 'Run single components, as a landscape''s instances do'
            cand config 'Inspect the configuration'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'backbone;help;landscape'= {
            cand up 'Start a landscape (or bring a running one to its file''s replicas) and wait until it is ready. Starts the daemon in the background if none runs'
            cand down 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`'
            cand status 'Show a landscape''s components: desired and ready replicas, instances'
            cand list 'List the landscapes and their state'
            cand plan 'Show what `up` would change: components to start or scale, pending migrations'
            cand create 'Create a temporary landscape from another one''s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up'
            cand destroy 'Stop a landscape and delete its state: database, files, secrets, logs'
        }
        &'backbone;help;landscape;up'= {
        }
        &'backbone;help;landscape;down'= {
        }
        &'backbone;help;landscape;status'= {
        }
        &'backbone;help;landscape;list'= {
        }
        &'backbone;help;landscape;plan'= {
        }
        &'backbone;help;landscape;create'= {
        }
        &'backbone;help;landscape;destroy'= {
        }
        &'backbone;help;scale'= {
        }
        &'backbone;help;daemon'= {
            cand status 'Show the running daemon: version, pid, URL, and the role of your token'
            cand stop 'Stop every landscape, then the daemon'
        }
        &'backbone;help;daemon;status'= {
        }
        &'backbone;help;daemon;stop'= {
        }
        &'backbone;help;vault'= {
            cand list 'List the secrets: names and current versions, never values'
            cand history 'Show a secret''s versions: state, when and by whom each was made; never values'
            cand scan 'Look for secret values in the home''s logs (the daemon''s and every landscape''s): where each turned up and which secret, never the value; exits 1 if any did (operator role)'
            cand policy 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file''s `[secrets.<name>]` `read` and `rotate` lists'
            cand show 'Show a secret''s current version; its value only with `--reveal`, if its policy lets your role read it (audited)'
            cand set 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current'
            cand rotate 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it'
        }
        &'backbone;help;vault;list'= {
        }
        &'backbone;help;vault;history'= {
        }
        &'backbone;help;vault;scan'= {
        }
        &'backbone;help;vault;policy'= {
        }
        &'backbone;help;vault;show'= {
        }
        &'backbone;help;vault;set'= {
        }
        &'backbone;help;vault;rotate'= {
        }
        &'backbone;help;token'= {
            cand create 'Create a token bound to a role; it is shown once'
            cand list 'List the tokens (names and roles, never the tokens)'
            cand rotate 'Replace a token with a new one of the same name and role, shown once; the old one stops working'
            cand revoke 'Revoke a token'
        }
        &'backbone;help;token;create'= {
        }
        &'backbone;help;token;list'= {
        }
        &'backbone;help;token;rotate'= {
        }
        &'backbone;help;token;revoke'= {
        }
        &'backbone;help;audit'= {
        }
        &'backbone;help;identities'= {
            cand search 'Find identities by address (or part of it), device id, username or client id'
            cand show 'Show an identity: client, tier, status, devices with their last login, deletion processes'
            cand tokens 'List the tokens an identity created: who they are for, expiry, whether locked (never content)'
            cand set-tier 'Move an identity to another tier (operator role; audited)'
            cand unlock-token 'Unlock a token locked after 100 wrong passwords (operator role; audited)'
        }
        &'backbone;help;identities;search'= {
        }
        &'backbone;help;identities;show'= {
        }
        &'backbone;help;identities;tokens'= {
        }
        &'backbone;help;identities;set-tier'= {
        }
        &'backbone;help;identities;unlock-token'= {
        }
        &'backbone;help;relationships'= {
            cand list 'List the relationships of an identity, newest first: peer, who asked, status, when answered'
            cand inspect 'Show relationships with their state timeline: who changed what, when, from which device'
        }
        &'backbone;help;relationships;list'= {
        }
        &'backbone;help;relationships;inspect'= {
        }
        &'backbone;help;messages'= {
            cand list 'List an identity''s messages, newest first: sender, recipients, when each received it'
        }
        &'backbone;help;messages;list'= {
        }
        &'backbone;help;tiers'= {
            cand list 'List the tiers and how many identities each has'
            cand show 'Show a tier and its quotas'
            cand create 'Create a tier (operator role; audited)'
            cand delete 'Delete a tier nobody is in and no client defaults to (operator role; audited)'
        }
        &'backbone;help;tiers;list'= {
        }
        &'backbone;help;tiers;show'= {
        }
        &'backbone;help;tiers;create'= {
        }
        &'backbone;help;tiers;delete'= {
        }
        &'backbone;help;clients'= {
            cand list 'List the OAuth clients and how many identities each created'
            cand create 'Create a client; its generated secret is shown once (operator role; audited)'
            cand update 'Change a client''s default tier and cap on identities (operator role; audited)'
            cand change-secret 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape''s own clients rotate through the vault, with a grace window'
            cand delete 'Delete a client; its identities keep working (operator role; audited)'
        }
        &'backbone;help;clients;list'= {
        }
        &'backbone;help;clients;create'= {
        }
        &'backbone;help;clients;update'= {
        }
        &'backbone;help;clients;change-secret'= {
        }
        &'backbone;help;clients;delete'= {
        }
        &'backbone;help;quotas'= {
            cand metrics 'List what quotas can count'
            cand add 'Add a quota to a tier (all its identities) or to one identity, replacing its tier''s for the metric (operator role; audited)'
            cand delete 'Remove a quota from a tier or an identity (operator role; audited)'
        }
        &'backbone;help;quotas;metrics'= {
        }
        &'backbone;help;quotas;add'= {
        }
        &'backbone;help;quotas;delete'= {
        }
        &'backbone;help;announcements'= {
            cand list 'List the announcements, newest first'
            cand show 'Show an announcement with its texts, actions and recipients'
            cand create 'Announce something (operator role; audited). Apps show it in their language, else in English'
            cand delete 'Delete an announcement (operator role; audited)'
        }
        &'backbone;help;announcements;list'= {
        }
        &'backbone;help;announcements;show'= {
        }
        &'backbone;help;announcements;create'= {
        }
        &'backbone;help;announcements;delete'= {
        }
        &'backbone;help;tui'= {
        }
        &'backbone;help;service'= {
            cand run 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
        }
        &'backbone;help;service;run'= {
        }
        &'backbone;help;config'= {
            cand example 'Print a commented example configuration file with every default'
            cand show 'Print the effective configuration of a landscape, secrets redacted'
        }
        &'backbone;help;config;example'= {
        }
        &'backbone;help;config;show'= {
        }
        &'backbone;help;completions'= {
        }
        &'backbone;help;help'= {
        }
    ]
    $completions[$command]
}
