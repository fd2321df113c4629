
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('landscape', 'landscape', [CompletionResultType]::ParameterValue, 'Run landscapes: self-contained Backbone installations')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'Run single components, for landscapes that spread them over processes')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;landscape;up' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where the landscape listens (`host:port`): the Consumer API in dev (`server.listen`), the gateway otherwise (`gateway.listen`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;landscape;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;landscape;help;up' {
            break
        }
        'backbone;landscape;help;help' {
            break
        }
        'backbone;service' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of data printed to standard output')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A TOML configuration file layered over the defaults')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'backbone;help' {
            [CompletionResult]::new('landscape', 'landscape', [CompletionResultType]::ParameterValue, 'Run landscapes: self-contained Backbone installations')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'Run single components, for landscapes that spread them over processes')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Inspect the configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'backbone;help;landscape' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start')
            break
        }
        'backbone;help;landscape;up' {
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
