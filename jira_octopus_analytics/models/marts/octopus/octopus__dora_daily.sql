-- DORA per project x environment x tenant x day (see macros/octopus_dora.sql and README.md).
{{ octopus_dora_by_period('day') }}
