# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_backbone_global_optspecs
    string join \n o/output= c/config= h/help V/version
end

function __fish_backbone_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_backbone_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_backbone_using_subcommand
    set -l cmd (__fish_backbone_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c backbone -n "__fish_backbone_needs_command" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_needs_command" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_needs_command" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "landscape" -d 'Run, inspect and remove landscapes: self-contained Backbone installations'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "scale" -d 'Set the number of instances of a component of a running landscape'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "daemon" -d 'Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "vault" -d 'Inspect and rotate the secrets in a landscape\'s vault (stage, prod and their copies)'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "token" -d 'Manage the admin API\'s tokens (operator role)'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "audit" -d 'Show the audit log: every change made through the admin API (operator role)'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "identities" -d 'Find accounts and show them: devices, tier, deletion state (every role; read-only)'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "relationships" -d 'List an identity\'s relationships, or show relationships with their whole history'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "messages" -d 'List the metadata of an identity\'s messages (never their content)'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "tiers" -d 'List, create and delete tiers'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "clients" -d 'List and manage the OAuth clients that apps onboard identities with'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "quotas" -d 'Quotas: limits on what identities create per period, for a whole tier or one identity'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "announcements" -d 'Announcements: what the platform tells its users, in their languages'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "tui" -d 'A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows the keys). Read-only unless your role may change accounts, and it asks before any change'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "service" -d 'Run single components, as a landscape\'s instances do'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "config" -d 'Inspect the configuration'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c backbone -n "__fish_backbone_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "up" -d 'Start a landscape (or bring a running one to its file\'s replicas) and wait until it is ready. Starts the daemon in the background if none runs'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "down" -d 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "status" -d 'Show a landscape\'s components: desired and ready replicas, instances'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "list" -d 'List the landscapes and their state'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "plan" -d 'Show what `up` would change: components to start or scale, pending migrations'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "create" -d 'Create a temporary landscape from another one\'s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "destroy" -d 'Stop a landscape and delete its state: database, files, secrets, logs'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and not __fish_seen_subcommand_from up down status list plan create destroy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -l listen -d 'Where the landscape listens (`host:port`), instead of its file\'s `listen`' -r
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from down" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from down" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from status" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from plan" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from plan" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -l from -d 'The landscape whose file is copied' -r
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -l ttl -d 'Destroy it, data and processes, this long after creation (`30m`, `8h`, `2d`)' -r
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -l listen -d 'Where it listens (`host:port`); by default a free port on the original\'s host' -r
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from destroy" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from destroy" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from destroy" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from destroy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from destroy" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "up" -d 'Start a landscape (or bring a running one to its file\'s replicas) and wait until it is ready. Starts the daemon in the background if none runs'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "down" -d 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show a landscape\'s components: desired and ready replicas, instances'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the landscapes and their state'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Show what `up` would change: components to start or scale, pending migrations'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a temporary landscape from another one\'s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "destroy" -d 'Stop a landscape and delete its state: database, files, secrets, logs'
complete -c backbone -n "__fish_backbone_using_subcommand landscape; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand scale" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand scale" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand scale" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand scale" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -l listen -d 'Where the admin API listens; keep it on loopback' -r
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -l autoscale-interval -d 'How often autoscaling policies are evaluated' -r
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -f -a "status" -d 'Show the running daemon: version, pid, URL, and the role of your token'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -f -a "stop" -d 'Stop every landscape, then the daemon'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and not __fish_seen_subcommand_from status stop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from status" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the running daemon: version, pid, URL, and the role of your token'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop every landscape, then the daemon'
complete -c backbone -n "__fish_backbone_using_subcommand daemon; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "list" -d 'List the secrets: names and current versions, never values'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "history" -d 'Show a secret\'s versions: state, when and by whom each was made; never values'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "scan" -d 'Look for secret values in the home\'s logs (the daemon\'s and every landscape\'s): where each turned up and which secret, never the value; exits 1 if any did (operator role)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "policy" -d 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file\'s `[secrets.<name>]` `read` and `rotate` lists'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "show" -d 'Show a secret\'s current version; its value only with `--reveal`, if its policy lets your role read it (audited)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "set" -d 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "rotate" -d 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and not __fish_seen_subcommand_from list history scan policy show set rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from list" -l landscape -d 'The landscape whose vault it is' -r
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from history" -l landscape -d 'The landscape whose vault it is' -r
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from history" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from scan" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from scan" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from scan" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from policy" -l landscape -d 'The landscape whose vault it is' -r
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from policy" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from policy" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from policy" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from show" -l landscape -d 'The landscape whose vault it is' -r
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from show" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from show" -l reveal -d 'Print the value too'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from set" -l landscape -d 'The landscape whose vault it is' -r
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from set" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -l landscape -d 'The landscape whose vault it is' -r
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -l dry-run -d 'Say what would happen without doing it'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the secrets: names and current versions, never values'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "history" -d 'Show a secret\'s versions: state, when and by whom each was made; never values'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "scan" -d 'Look for secret values in the home\'s logs (the daemon\'s and every landscape\'s): where each turned up and which secret, never the value; exits 1 if any did (operator role)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "policy" -d 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file\'s `[secrets.<name>]` `read` and `rotate` lists'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a secret\'s current version; its value only with `--reveal`, if its policy lets your role read it (audited)'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "set" -d 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it'
complete -c backbone -n "__fish_backbone_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -f -a "create" -d 'Create a token bound to a role; it is shown once'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -f -a "list" -d 'List the tokens (names and roles, never the tokens)'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -f -a "rotate" -d 'Replace a token with a new one of the same name and role, shown once; the old one stops working'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -f -a "revoke" -d 'Revoke a token'
complete -c backbone -n "__fish_backbone_using_subcommand token; and not __fish_seen_subcommand_from create list rotate revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from create" -l role -r -f -a "operator\t''
support\t''
automation\t''"
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from create" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from rotate" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from revoke" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a token bound to a role; it is shown once'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the tokens (names and roles, never the tokens)'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace a token with a new one of the same name and role, shown once; the old one stops working'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token'
complete -c backbone -n "__fish_backbone_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand audit" -l limit -d 'How many of the latest entries to show' -r
complete -c backbone -n "__fish_backbone_using_subcommand audit" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand audit" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand audit" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -f -a "search" -d 'Find identities by address (or part of it), device id, username or client id'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -f -a "show" -d 'Show an identity: client, tier, status, devices with their last login, deletion processes'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -f -a "tokens" -d 'List the tokens an identity created: who they are for, expiry, whether locked (never content)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -f -a "set-tier" -d 'Move an identity to another tier (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -f -a "unlock-token" -d 'Unlock a token locked after 100 wrong passwords (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and not __fish_seen_subcommand_from search show tokens set-tier unlock-token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from search" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from search" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from search" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from search" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from show" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from show" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from tokens" -l page -d 'Which page of 50' -r
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from tokens" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from tokens" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from tokens" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from tokens" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from tokens" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from set-tier" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from set-tier" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from set-tier" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from set-tier" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from set-tier" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from set-tier" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from unlock-token" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from unlock-token" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from unlock-token" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from unlock-token" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from unlock-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from unlock-token" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from help" -f -a "search" -d 'Find identities by address (or part of it), device id, username or client id'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an identity: client, tier, status, devices with their last login, deletion processes'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from help" -f -a "tokens" -d 'List the tokens an identity created: who they are for, expiry, whether locked (never content)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from help" -f -a "set-tier" -d 'Move an identity to another tier (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from help" -f -a "unlock-token" -d 'Unlock a token locked after 100 wrong passwords (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand identities; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -f -a "list" -d 'List the relationships of an identity, newest first: peer, who asked, status, when answered'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -f -a "inspect" -d 'Show relationships with their state timeline: who changed what, when, from which device'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and not __fish_seen_subcommand_from list inspect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -l participant -r
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -l page -d 'Which page of 50' -r
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from inspect" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from inspect" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from inspect" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the relationships of an identity, newest first: peer, who asked, status, when answered'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show relationships with their state timeline: who changed what, when, from which device'
complete -c backbone -n "__fish_backbone_using_subcommand relationships; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and not __fish_seen_subcommand_from list help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand messages; and not __fish_seen_subcommand_from list help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand messages; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List an identity\'s messages, newest first: sender, recipients, when each received it'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -l participant -r
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -l page -d 'Which page of 50' -r
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -l outgoing -d 'Those it sent rather than those it received'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from help" -f -a "list" -d 'List an identity\'s messages, newest first: sender, recipients, when each received it'
complete -c backbone -n "__fish_backbone_using_subcommand messages; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -f -a "list" -d 'List the tiers and how many identities each has'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -f -a "show" -d 'Show a tier and its quotas'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -f -a "create" -d 'Create a tier (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -f -a "delete" -d 'Delete a tier nobody is in and no client defaults to (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and not __fish_seen_subcommand_from list show create delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from list" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from show" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from show" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from create" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from create" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from delete" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from delete" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the tiers and how many identities each has'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a tier and its quotas'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a tier (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a tier nobody is in and no client defaults to (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -f -a "list" -d 'List the OAuth clients and how many identities each created'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -f -a "create" -d 'Create a client; its generated secret is shown once (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -f -a "update" -d 'Change a client\'s default tier and cap on identities (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -f -a "change-secret" -d 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape\'s own clients rotate through the vault, with a grace window'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -f -a "delete" -d 'Delete a client; its identities keep working (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and not __fish_seen_subcommand_from list create update change-secret delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from list" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -l default-tier -d 'The tier new identities get: its name or id' -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -l display-name -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -l max-identities -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -l default-tier -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -l max-identities -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from change-secret" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from change-secret" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from change-secret" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from change-secret" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from change-secret" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from change-secret" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from delete" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from delete" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the OAuth clients and how many identities each created'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a client; its generated secret is shown once (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a client\'s default tier and cap on identities (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "change-secret" -d 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape\'s own clients rotate through the vault, with a grace window'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a client; its identities keep working (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -f -a "metrics" -d 'List what quotas can count'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -f -a "add" -d 'Add a quota to a tier (all its identities) or to one identity, replacing its tier\'s for the metric (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -f -a "delete" -d 'Remove a quota from a tier or an identity (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and not __fish_seen_subcommand_from metrics add delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from metrics" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from metrics" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from metrics" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from metrics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from metrics" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -l tier -d 'The tier\'s id: the quota applies to every identity in it' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -l identity -d 'The identity\'s address: the quota replaces its tier\'s for the metric' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -l tier -d 'The tier\'s id: the quota applies to every identity in it' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -l identity -d 'The identity\'s address: the quota replaces its tier\'s for the metric' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from help" -f -a "metrics" -d 'List what quotas can count'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a quota to a tier (all its identities) or to one identity, replacing its tier\'s for the metric (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove a quota from a tier or an identity (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand quotas; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -f -a "list" -d 'List the announcements, newest first'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -f -a "show" -d 'Show an announcement with its texts, actions and recipients'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -f -a "create" -d 'Announce something (operator role; audited). Apps show it in their language, else in English'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -f -a "delete" -d 'Delete an announcement (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and not __fish_seen_subcommand_from list show create delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from list" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from list" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from show" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from show" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l title -d 'The English title' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l body -d 'The English text' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l translation -d 'The title and text in another language (ISO 639-1), e.g. `--translation de Wartung "Heute Nacht"`' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l severity -d 'Low, Medium or High' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l recipient -d 'Who sees it (at most 100); everybody if none' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l expires-at -d 'When apps stop showing it as current (RFC 3339)' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -l silent -d 'Without a push notification'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from delete" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from delete" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not at a terminal)'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the announcements, newest first'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an announcement with its texts, actions and recipients'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from help" -f -a "create" -d 'Announce something (operator role; audited). Apps show it in their language, else in English'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an announcement (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand announcements; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand tui" -s l -l landscape -d 'The landscape' -r
complete -c backbone -n "__fish_backbone_using_subcommand tui" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand tui" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand tui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand tui" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -f -a "run" -d 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and not __fish_seen_subcommand_from run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -l listen -d 'Where the Consumer API listens (`host:port`; overrides `server.listen`), or the gateway when it runs (overrides `gateway.listen`)' -r
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -l landscape -d 'Run as an instance of this landscape: its configuration defaults and the secrets, database and files in its state directory' -r
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -l exit-with-parent -d 'Stop (as with SIGTERM) when the parent process ends: set by the daemon for its instances, so that none outlives a daemon that was killed'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
complete -c backbone -n "__fish_backbone_using_subcommand service; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -f -a "example" -d 'Print a commented example configuration file with every default'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -f -a "show" -d 'Print the effective configuration of a landscape, secrets redacted'
complete -c backbone -n "__fish_backbone_using_subcommand config; and not __fish_seen_subcommand_from example show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from example" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -l landscape -d 'The landscape whose defaults apply' -r
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "example" -d 'Print a commented example configuration file with every default'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective configuration of a landscape, secrets redacted'
complete -c backbone -n "__fish_backbone_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s o -l output -d 'Output format of data printed to standard output' -r -f -a "text\t'Tables and sentences for people'
json\t'One JSON document, for scripts (the schema is documented in README.md and stable)'
yaml\t'The JSON document as YAML'"
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s c -l config -d 'A TOML configuration file layered over the defaults' -r -F
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c backbone -n "__fish_backbone_using_subcommand completions" -s V -l version -d 'Print version'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "landscape" -d 'Run, inspect and remove landscapes: self-contained Backbone installations'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "scale" -d 'Set the number of instances of a component of a running landscape'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "daemon" -d 'Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "vault" -d 'Inspect and rotate the secrets in a landscape\'s vault (stage, prod and their copies)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "token" -d 'Manage the admin API\'s tokens (operator role)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "audit" -d 'Show the audit log: every change made through the admin API (operator role)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "identities" -d 'Find accounts and show them: devices, tier, deletion state (every role; read-only)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "relationships" -d 'List an identity\'s relationships, or show relationships with their whole history'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "messages" -d 'List the metadata of an identity\'s messages (never their content)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "tiers" -d 'List, create and delete tiers'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "clients" -d 'List and manage the OAuth clients that apps onboard identities with'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "quotas" -d 'Quotas: limits on what identities create per period, for a whole tier or one identity'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "announcements" -d 'Announcements: what the platform tells its users, in their languages'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "tui" -d 'A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows the keys). Read-only unless your role may change accounts, and it asks before any change'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "service" -d 'Run single components, as a landscape\'s instances do'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "config" -d 'Inspect the configuration'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c backbone -n "__fish_backbone_using_subcommand help; and not __fish_seen_subcommand_from landscape scale daemon vault token audit identities relationships messages tiers clients quotas announcements tui service config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "up" -d 'Start a landscape (or bring a running one to its file\'s replicas) and wait until it is ready. Starts the daemon in the background if none runs'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "down" -d 'Stop a landscape: drain and stop its instances. Its state is kept for the next `up`'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "status" -d 'Show a landscape\'s components: desired and ready replicas, instances'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "list" -d 'List the landscapes and their state'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "plan" -d 'Show what `up` would change: components to start or scale, pending migrations'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "create" -d 'Create a temporary landscape from another one\'s file and start it; it has its own state, port and secrets, and with `--ttl` is destroyed when its time is up'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from landscape" -f -a "destroy" -d 'Stop a landscape and delete its state: database, files, secrets, logs'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "status" -d 'Show the running daemon: version, pid, URL, and the role of your token'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from daemon" -f -a "stop" -d 'Stop every landscape, then the daemon'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "list" -d 'List the secrets: names and current versions, never values'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "history" -d 'Show a secret\'s versions: state, when and by whom each was made; never values'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "scan" -d 'Look for secret values in the home\'s logs (the daemon\'s and every landscape\'s): where each turned up and which secret, never the value; exits 1 if any did (operator role)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "policy" -d 'Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape file\'s `[secrets.<name>]` `read` and `rotate` lists'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "show" -d 'Show a secret\'s current version; its value only with `--reveal`, if its policy lets your role read it (audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "set" -d 'Put a version with a value of your own, read from standard input (never from the command line, which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at a terminal. It becomes current'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "rotate" -d 'Put a new random version of a secret. The replaced version stays accepted until nothing it signed can still be valid, then the daemon retires it'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Create a token bound to a role; it is shown once'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List the tokens (names and roles, never the tokens)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "rotate" -d 'Replace a token with a new one of the same name and role, shown once; the old one stops working'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from identities" -f -a "search" -d 'Find identities by address (or part of it), device id, username or client id'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from identities" -f -a "show" -d 'Show an identity: client, tier, status, devices with their last login, deletion processes'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from identities" -f -a "tokens" -d 'List the tokens an identity created: who they are for, expiry, whether locked (never content)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from identities" -f -a "set-tier" -d 'Move an identity to another tier (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from identities" -f -a "unlock-token" -d 'Unlock a token locked after 100 wrong passwords (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from relationships" -f -a "list" -d 'List the relationships of an identity, newest first: peer, who asked, status, when answered'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from relationships" -f -a "inspect" -d 'Show relationships with their state timeline: who changed what, when, from which device'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from messages" -f -a "list" -d 'List an identity\'s messages, newest first: sender, recipients, when each received it'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from tiers" -f -a "list" -d 'List the tiers and how many identities each has'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from tiers" -f -a "show" -d 'Show a tier and its quotas'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from tiers" -f -a "create" -d 'Create a tier (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from tiers" -f -a "delete" -d 'Delete a tier nobody is in and no client defaults to (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "list" -d 'List the OAuth clients and how many identities each created'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "create" -d 'Create a client; its generated secret is shown once (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "update" -d 'Change a client\'s default tier and cap on identities (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "change-secret" -d 'Give a client a new generated secret, shown once; the old one stops working at once (operator role; audited). A landscape\'s own clients rotate through the vault, with a grace window'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "delete" -d 'Delete a client; its identities keep working (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from quotas" -f -a "metrics" -d 'List what quotas can count'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from quotas" -f -a "add" -d 'Add a quota to a tier (all its identities) or to one identity, replacing its tier\'s for the metric (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from quotas" -f -a "delete" -d 'Remove a quota from a tier or an identity (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from announcements" -f -a "list" -d 'List the announcements, newest first'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from announcements" -f -a "show" -d 'Show an announcement with its texts, actions and recipients'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from announcements" -f -a "create" -d 'Announce something (operator role; audited). Apps show it in their language, else in English'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from announcements" -f -a "delete" -d 'Delete an announcement (operator role; audited)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from service" -f -a "run" -d 'Run components in this process until interrupted. Needs, from the configuration file or `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway)'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "example" -d 'Print a commented example configuration file with every default'
complete -c backbone -n "__fish_backbone_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective configuration of a landscape, secrets redacted'
