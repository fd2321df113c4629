
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'backbone' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'backbone'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'backbone' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('landscape', 'landscape', [CompletionResultType]::ParameterValue, 'Run, inspect and remove landscapes: self-contained Backbone installations')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Set the number of instances of a component of a running landscape')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Inspect and rotate the secrets in a landscape''s vault (stage, prod and their copies)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the admin API''s tokens (operator role)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log: every change made through the admin API (operator role)')
            [CompletionResult]::new('identities', 'identities', [CompletionResultType]::ParameterValue, 'Find accounts and show them: devices, tier, deletion state (every role; read-only)')
            [CompletionResult]::new('relationships', 'relationships', [CompletionResultType]::ParameterValue, 'List an identity''s relationships, or show relationships with their whole history')
            [CompletionResult]::new('messages', 'messages', [CompletionResultType]::ParameterValue, 'List the metadata of an identity''s messages (never their content)')
            [CompletionResult]::new('tiers', 'tiers', [CompletionResultType]::ParameterValue, 'List, create and delete tiers')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'List and manage the OAuth clients that apps onboard identities with')
            [CompletionResult]::new('quotas', 'quotas', [CompletionResultType]::ParameterValue, 'Quotas: limits on what identities create per period, for a whole tier or one identity')
            [CompletionResult]::new('announcements', 'announcements', [CompletionResultType]::ParameterValue, 'Announcements: what the platform tells its users, in their languages')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows the keys). Read-only unless your role may change accounts, and it asks before any change')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'Run single components, as a landscape''s instances do')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect the configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;landscape' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a landscape (or bring a running one to its file''s replicas) and wait until it is ready. Starts the daemon in the background if none runs')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a landscape''s components: desired and ready replicas, instances')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the landscapes and their state')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `up` would change: components to start or scale, pending migrations')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a temporary landscape from another one''s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Stop a landscape and delete its state: database, files, secrets, logs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;landscape;up' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where the landscape listens (`host:port`), instead of its file''s `listen`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;down' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;plan' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;create' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The landscape whose file is copied')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Destroy it, data and processes, this long after creation (`30m`, `8h`, `2d`)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where it listens (`host:port`); by default a free port on the original''s host')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;destroy' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a landscape (or bring a running one to its file''s replicas) and wait until it is ready. Starts the daemon in the background if none runs')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a landscape''s components: desired and ready replicas, instances')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the landscapes and their state')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `up` would change: components to start or scale, pending migrations')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a temporary landscape from another one''s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Stop a landscape and delete its state: database, files, secrets, logs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;landscape;help;up' {
            break
        }
        'backbone;landscape;help;down' {
            break
        }
        'backbone;landscape;help;status' {
            break
        }
        'backbone;landscape;help;list' {
            break
        }
        'backbone;landscape;help;plan' {
            break
        }
        'backbone;landscape;help;create' {
            break
        }
        'backbone;landscape;help;destroy' {
            break
        }
        'backbone;landscape;help;help' {
            break
        }
        'backbone;scale' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;daemon' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where the admin API listens; keep it on loopback')
            [CompletionResult]::new('--autoscale-interval', '--autoscale-interval', [CompletionResultType]::ParameterName, 'How often autoscaling policies are evaluated')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the running daemon: version, pid, URL, and the role of your token')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop every landscape, then the daemon')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;daemon;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;daemon;stop' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;daemon;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the running daemon: version, pid, URL, and the role of your token')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop every landscape, then the daemon')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;daemon;help;status' {
            break
        }
        'backbone;daemon;help;stop' {
            break
        }
        'backbone;daemon;help;help' {
            break
        }
        'backbone;vault' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the secrets: names and current versions, never values')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a secret''s versions: state, when and by whom each was made; never values')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Look for secret values in the home''s logs (the daemon''s and every landscape''s): where each turned up and which secret, never the value; exits 1 if any did (operator role)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file''s `[secrets.<name>]` `read` and `rotate` lists')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secret''s current version; its value only with `--reveal`, if its policy lets your role read it (audited)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;vault;list' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose vault it is')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;history' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose vault it is')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;scan' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;policy' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose vault it is')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;show' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose vault it is')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print the value too')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;set' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose vault it is')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;rotate' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose vault it is')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would happen without doing it')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;vault;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the secrets: names and current versions, never values')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a secret''s versions: state, when and by whom each was made; never values')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Look for secret values in the home''s logs (the daemon''s and every landscape''s): where each turned up and which secret, never the value; exits 1 if any did (operator role)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file''s `[secrets.<name>]` `read` and `rotate` lists')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secret''s current version; its value only with `--reveal`, if its policy lets your role read it (audited)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;vault;help;list' {
            break
        }
        'backbone;vault;help;history' {
            break
        }
        'backbone;vault;help;scan' {
            break
        }
        'backbone;vault;help;policy' {
            break
        }
        'backbone;vault;help;show' {
            break
        }
        'backbone;vault;help;set' {
            break
        }
        'backbone;vault;help;rotate' {
            break
        }
        'backbone;vault;help;help' {
            break
        }
        'backbone;token' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a token bound to a role; it is shown once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens (names and roles, never the tokens)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a token with a new one of the same name and role, shown once; the old one stops working')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;token;create' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'role')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;token;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;token;rotate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;token;revoke' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a token bound to a role; it is shown once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens (names and roles, never the tokens)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a token with a new one of the same name and role, shown once; the old one stops working')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;token;help;create' {
            break
        }
        'backbone;token;help;list' {
            break
        }
        'backbone;token;help;rotate' {
            break
        }
        'backbone;token;help;revoke' {
            break
        }
        'backbone;token;help;help' {
            break
        }
        'backbone;audit' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many of the latest entries to show')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;identities' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find identities by address (or part of it), device id, username or client id')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an identity: client, tier, status, devices with their last login, deletion processes')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'List the tokens an identity created: who they are for, expiry, whether locked (never content)')
            [CompletionResult]::new('set-tier', 'set-tier', [CompletionResultType]::ParameterValue, 'Move an identity to another tier (operator role; audited)')
            [CompletionResult]::new('unlock-token', 'unlock-token', [CompletionResultType]::ParameterValue, 'Unlock a token locked after 100 wrong passwords (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;identities;search' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;identities;show' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;identities;tokens' {
            [CompletionResult]::new('--page', '--page', [CompletionResultType]::ParameterName, 'Which page of 50')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;identities;set-tier' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;identities;unlock-token' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;identities;help' {
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find identities by address (or part of it), device id, username or client id')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an identity: client, tier, status, devices with their last login, deletion processes')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'List the tokens an identity created: who they are for, expiry, whether locked (never content)')
            [CompletionResult]::new('set-tier', 'set-tier', [CompletionResultType]::ParameterValue, 'Move an identity to another tier (operator role; audited)')
            [CompletionResult]::new('unlock-token', 'unlock-token', [CompletionResultType]::ParameterValue, 'Unlock a token locked after 100 wrong passwords (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;identities;help;search' {
            break
        }
        'backbone;identities;help;show' {
            break
        }
        'backbone;identities;help;tokens' {
            break
        }
        'backbone;identities;help;set-tier' {
            break
        }
        'backbone;identities;help;unlock-token' {
            break
        }
        'backbone;identities;help;help' {
            break
        }
        'backbone;relationships' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the relationships of an identity, newest first: peer, who asked, status, when answered')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show relationships with their state timeline: who changed what, when, from which device')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;relationships;list' {
            [CompletionResult]::new('--participant', '--participant', [CompletionResultType]::ParameterName, 'participant')
            [CompletionResult]::new('--page', '--page', [CompletionResultType]::ParameterName, 'Which page of 50')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;relationships;inspect' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;relationships;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the relationships of an identity, newest first: peer, who asked, status, when answered')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show relationships with their state timeline: who changed what, when, from which device')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;relationships;help;list' {
            break
        }
        'backbone;relationships;help;inspect' {
            break
        }
        'backbone;relationships;help;help' {
            break
        }
        'backbone;messages' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List an identity''s messages, newest first: sender, recipients, when each received it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;messages;list' {
            [CompletionResult]::new('--participant', '--participant', [CompletionResultType]::ParameterName, 'participant')
            [CompletionResult]::new('--page', '--page', [CompletionResultType]::ParameterName, 'Which page of 50')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--outgoing', '--outgoing', [CompletionResultType]::ParameterName, 'Those it sent rather than those it received')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;messages;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List an identity''s messages, newest first: sender, recipients, when each received it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;messages;help;list' {
            break
        }
        'backbone;messages;help;help' {
            break
        }
        'backbone;tiers' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tiers and how many identities each has')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a tier and its quotas')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a tier (operator role; audited)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a tier nobody is in and no client defaults to (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;tiers;list' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;tiers;show' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;tiers;create' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;tiers;delete' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;tiers;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tiers and how many identities each has')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a tier and its quotas')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a tier (operator role; audited)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a tier nobody is in and no client defaults to (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;tiers;help;list' {
            break
        }
        'backbone;tiers;help;show' {
            break
        }
        'backbone;tiers;help;create' {
            break
        }
        'backbone;tiers;help;delete' {
            break
        }
        'backbone;tiers;help;help' {
            break
        }
        'backbone;clients' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the OAuth clients and how many identities each created')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a client; its generated secret is shown once (operator role; audited)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a client''s default tier and cap on identities (operator role; audited)')
            [CompletionResult]::new('change-secret', 'change-secret', [CompletionResultType]::ParameterValue, 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape''s own clients rotate through the vault, with a grace window')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a client; its identities keep working (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;clients;list' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;clients;create' {
            [CompletionResult]::new('--default-tier', '--default-tier', [CompletionResultType]::ParameterName, 'The tier new identities get: its name or id')
            [CompletionResult]::new('--display-name', '--display-name', [CompletionResultType]::ParameterName, 'display-name')
            [CompletionResult]::new('--max-identities', '--max-identities', [CompletionResultType]::ParameterName, 'max-identities')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;clients;update' {
            [CompletionResult]::new('--default-tier', '--default-tier', [CompletionResultType]::ParameterName, 'default-tier')
            [CompletionResult]::new('--max-identities', '--max-identities', [CompletionResultType]::ParameterName, 'max-identities')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;clients;change-secret' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;clients;delete' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;clients;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the OAuth clients and how many identities each created')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a client; its generated secret is shown once (operator role; audited)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a client''s default tier and cap on identities (operator role; audited)')
            [CompletionResult]::new('change-secret', 'change-secret', [CompletionResultType]::ParameterValue, 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape''s own clients rotate through the vault, with a grace window')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a client; its identities keep working (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;clients;help;list' {
            break
        }
        'backbone;clients;help;create' {
            break
        }
        'backbone;clients;help;update' {
            break
        }
        'backbone;clients;help;change-secret' {
            break
        }
        'backbone;clients;help;delete' {
            break
        }
        'backbone;clients;help;help' {
            break
        }
        'backbone;quotas' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'List what quotas can count')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a quota to a tier (all its identities) or to one identity, replacing its tier''s for the metric (operator role; audited)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a quota from a tier or an identity (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;quotas;metrics' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;quotas;add' {
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'The tier''s id: the quota applies to every identity in it')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The identity''s address: the quota replaces its tier''s for the metric')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;quotas;delete' {
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'The tier''s id: the quota applies to every identity in it')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The identity''s address: the quota replaces its tier''s for the metric')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;quotas;help' {
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'List what quotas can count')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a quota to a tier (all its identities) or to one identity, replacing its tier''s for the metric (operator role; audited)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a quota from a tier or an identity (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;quotas;help;metrics' {
            break
        }
        'backbone;quotas;help;add' {
            break
        }
        'backbone;quotas;help;delete' {
            break
        }
        'backbone;quotas;help;help' {
            break
        }
        'backbone;announcements' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the announcements, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an announcement with its texts, actions and recipients')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Announce something (operator role; audited). Apps show it in their language, else in English')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an announcement (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;announcements;list' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;announcements;show' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;announcements;create' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The English title')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The English text')
            [CompletionResult]::new('--translation', '--translation', [CompletionResultType]::ParameterName, 'The title and text in another language (ISO 639-1), e.g. `--translation de Wartung "Heute Nacht"`')
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Low, Medium or High')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Who sees it (at most 100); everybody if none')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'When apps stop showing it as current (RFC 3339)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'Without a push notification')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;announcements;delete' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;announcements;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the announcements, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an announcement with its texts, actions and recipients')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Announce something (operator role; audited). Apps show it in their language, else in English')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an announcement (operator role; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;announcements;help;list' {
            break
        }
        'backbone;announcements;help;show' {
            break
        }
        'backbone;announcements;help;create' {
            break
        }
        'backbone;announcements;help;delete' {
            break
        }
        'backbone;announcements;help;help' {
            break
        }
        'backbone;tui' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;service' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;service;run' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where the Consumer API listens (`host:port`; overrides `server.listen`), or the gateway when it runs (overrides `gateway.listen`)')
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'Run as an instance of this landscape: its configuration defaults and the secrets, database and files in its state directory')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--exit-with-parent', '--exit-with-parent', [CompletionResultType]::ParameterName, 'Stop (as with SIGTERM) when the parent process ends: set by the daemon for its instances, so that none outlives a daemon that was killed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;service;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;service;help;run' {
            break
        }
        'backbone;service;help;help' {
            break
        }
        'backbone;config' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Print a commented example configuration file with every default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration of a landscape, secrets redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;config;example' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;config;show' {
            [CompletionResult]::new('--landscape', '--landscape', [CompletionResultType]::ParameterName, 'The landscape whose defaults apply')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;config;help' {
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Print a commented example configuration file with every default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration of a landscape, secrets redacted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;config;help;example' {
            break
        }
        'backbone;config;help;show' {
            break
        }
        'backbone;config;help;help' {
            break
        }
        'backbone;completions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;help' {
            [CompletionResult]::new('landscape', 'landscape', [CompletionResultType]::ParameterValue, 'Run, inspect and remove landscapes: self-contained Backbone installations')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Set the number of instances of a component of a running landscape')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Inspect and rotate the secrets in a landscape''s vault (stage, prod and their copies)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the admin API''s tokens (operator role)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log: every change made through the admin API (operator role)')
            [CompletionResult]::new('identities', 'identities', [CompletionResultType]::ParameterValue, 'Find accounts and show them: devices, tier, deletion state (every role; read-only)')
            [CompletionResult]::new('relationships', 'relationships', [CompletionResultType]::ParameterValue, 'List an identity''s relationships, or show relationships with their whole history')
            [CompletionResult]::new('messages', 'messages', [CompletionResultType]::ParameterValue, 'List the metadata of an identity''s messages (never their content)')
            [CompletionResult]::new('tiers', 'tiers', [CompletionResultType]::ParameterValue, 'List, create and delete tiers')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'List and manage the OAuth clients that apps onboard identities with')
            [CompletionResult]::new('quotas', 'quotas', [CompletionResultType]::ParameterValue, 'Quotas: limits on what identities create per period, for a whole tier or one identity')
            [CompletionResult]::new('announcements', 'announcements', [CompletionResultType]::ParameterValue, 'Announcements: what the platform tells its users, in their languages')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows the keys). Read-only unless your role may change accounts, and it asks before any change')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'Run single components, as a landscape''s instances do')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect the configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;help;landscape' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a landscape (or bring a running one to its file''s replicas) and wait until it is ready. Starts the daemon in the background if none runs')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a landscape''s components: desired and ready replicas, instances')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the landscapes and their state')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `up` would change: components to start or scale, pending migrations')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a temporary landscape from another one''s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Stop a landscape and delete its state: database, files, secrets, logs')
            break
        }
        'backbone;help;landscape;up' {
            break
        }
        'backbone;help;landscape;down' {
            break
        }
        'backbone;help;landscape;status' {
            break
        }
        'backbone;help;landscape;list' {
            break
        }
        'backbone;help;landscape;plan' {
            break
        }
        'backbone;help;landscape;create' {
            break
        }
        'backbone;help;landscape;destroy' {
            break
        }
        'backbone;help;scale' {
            break
        }
        'backbone;help;daemon' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the running daemon: version, pid, URL, and the role of your token')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop every landscape, then the daemon')
            break
        }
        'backbone;help;daemon;status' {
            break
        }
        'backbone;help;daemon;stop' {
            break
        }
        'backbone;help;vault' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the secrets: names and current versions, never values')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a secret''s versions: state, when and by whom each was made; never values')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Look for secret values in the home''s logs (the daemon''s and every landscape''s): where each turned up and which secret, never the value; exits 1 if any did (operator role)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file''s `[secrets.<name>]` `read` and `rotate` lists')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secret''s current version; its value only with `--reveal`, if its policy lets your role read it (audited)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it')
            break
        }
        'backbone;help;vault;list' {
            break
        }
        'backbone;help;vault;history' {
            break
        }
        'backbone;help;vault;scan' {
            break
        }
        'backbone;help;vault;policy' {
            break
        }
        'backbone;help;vault;show' {
            break
        }
        'backbone;help;vault;set' {
            break
        }
        'backbone;help;vault;rotate' {
            break
        }
        'backbone;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a token bound to a role; it is shown once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens (names and roles, never the tokens)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a token with a new one of the same name and role, shown once; the old one stops working')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token')
            break
        }
        'backbone;help;token;create' {
            break
        }
        'backbone;help;token;list' {
            break
        }
        'backbone;help;token;rotate' {
            break
        }
        'backbone;help;token;revoke' {
            break
        }
        'backbone;help;audit' {
            break
        }
        'backbone;help;identities' {
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find identities by address (or part of it), device id, username or client id')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an identity: client, tier, status, devices with their last login, deletion processes')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'List the tokens an identity created: who they are for, expiry, whether locked (never content)')
            [CompletionResult]::new('set-tier', 'set-tier', [CompletionResultType]::ParameterValue, 'Move an identity to another tier (operator role; audited)')
            [CompletionResult]::new('unlock-token', 'unlock-token', [CompletionResultType]::ParameterValue, 'Unlock a token locked after 100 wrong passwords (operator role; audited)')
            break
        }
        'backbone;help;identities;search' {
            break
        }
        'backbone;help;identities;show' {
            break
        }
        'backbone;help;identities;tokens' {
            break
        }
        'backbone;help;identities;set-tier' {
            break
        }
        'backbone;help;identities;unlock-token' {
            break
        }
        'backbone;help;relationships' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the relationships of an identity, newest first: peer, who asked, status, when answered')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show relationships with their state timeline: who changed what, when, from which device')
            break
        }
        'backbone;help;relationships;list' {
            break
        }
        'backbone;help;relationships;inspect' {
            break
        }
        'backbone;help;messages' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List an identity''s messages, newest first: sender, recipients, when each received it')
            break
        }
        'backbone;help;messages;list' {
            break
        }
        'backbone;help;tiers' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tiers and how many identities each has')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a tier and its quotas')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a tier (operator role; audited)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a tier nobody is in and no client defaults to (operator role; audited)')
            break
        }
        'backbone;help;tiers;list' {
            break
        }
        'backbone;help;tiers;show' {
            break
        }
        'backbone;help;tiers;create' {
            break
        }
        'backbone;help;tiers;delete' {
            break
        }
        'backbone;help;clients' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the OAuth clients and how many identities each created')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a client; its generated secret is shown once (operator role; audited)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a client''s default tier and cap on identities (operator role; audited)')
            [CompletionResult]::new('change-secret', 'change-secret', [CompletionResultType]::ParameterValue, 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape''s own clients rotate through the vault, with a grace window')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a client; its identities keep working (operator role; audited)')
            break
        }
        'backbone;help;clients;list' {
            break
        }
        'backbone;help;clients;create' {
            break
        }
        'backbone;help;clients;update' {
            break
        }
        'backbone;help;clients;change-secret' {
            break
        }
        'backbone;help;clients;delete' {
            break
        }
        'backbone;help;quotas' {
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'List what quotas can count')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a quota to a tier (all its identities) or to one identity, replacing its tier''s for the metric (operator role; audited)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a quota from a tier or an identity (operator role; audited)')
            break
        }
        'backbone;help;quotas;metrics' {
            break
        }
        'backbone;help;quotas;add' {
            break
        }
        'backbone;help;quotas;delete' {
            break
        }
        'backbone;help;announcements' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the announcements, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an announcement with its texts, actions and recipients')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Announce something (operator role; audited). Apps show it in their language, else in English')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an announcement (operator role; audited)')
            break
        }
        'backbone;help;announcements;list' {
            break
        }
        'backbone;help;announcements;show' {
            break
        }
        'backbone;help;announcements;create' {
            break
        }
        'backbone;help;announcements;delete' {
            break
        }
        'backbone;help;tui' {
            break
        }
        'backbone;help;service' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)')
            break
        }
        'backbone;help;service;run' {
            break
        }
        'backbone;help;config' {
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Print a commented example configuration file with every default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective configuration of a landscape, secrets redacted')
            break
        }
        'backbone;help;config;example' {
            break
        }
        'backbone;help;config;show' {
            break
        }
        'backbone;help;completions' {
            break
        }
        'backbone;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
