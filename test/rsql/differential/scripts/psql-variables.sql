-- psql's default variables: those of the connection (set again by \c) and the others, as psql sets,
-- checks and restores them. VERSION, VERSION_NAME and VERSION_NUM name the client, so they differ.
\echo [:ROW_COUNT] [:ERROR] [:SQLSTATE]
\echo :DBNAME :USER :HOST :PORT :ENCODING
\echo :SERVER_VERSION_NAME :SERVER_VERSION_NUM
select :SERVER_VERSION_NUM >= 150000 as modern, :'SERVER_VERSION_NAME' = current_setting('server_version') as same_name;
\echo [:ROW_COUNT] [:ERROR] [:SQLSTATE]
\echo :AUTOCOMMIT :COMP_KEYWORD_CASE :ECHO :ECHO_HIDDEN :FETCH_COUNT :HIDE_TABLEAM :HIDE_TOAST_COMPRESSION
\echo :HISTCONTROL :HISTSIZE :IGNOREEOF :ON_ERROR_ROLLBACK :ON_ERROR_STOP :QUIET :SHOW_ALL_RESULTS
\echo :SHOW_CONTEXT :SINGLELINE :SINGLESTEP :VERBOSITY [:LAST_ERROR_MESSAGE] :LAST_ERROR_SQLSTATE
\echo :'PROMPT1' :'PROMPT2' :'PROMPT3'
\set VERBOSITY loud
\set VERBOSITY TERSE
\echo :VERBOSITY
\unset VERBOSITY
\echo :VERBOSITY
\set SHOW_CONTEXT sometimes
\set COMP_KEYWORD_CASE shout
\set COMP_KEYWORD_CASE Lower
\set HISTCONTROL everything
\set ECHO_HIDDEN maybe
\set ON_ERROR_ROLLBACK maybe
\set ON_ERROR_ROLLBACK interactive
\set HIDE_TABLEAM maybe
\set SINGLESTEP
\echo :COMP_KEYWORD_CASE :ON_ERROR_ROLLBACK :SINGLESTEP
\unset SINGLESTEP
\set ECHO_HIDDEN
\echo :ECHO_HIDDEN
\unset ECHO_HIDDEN
\echo :ECHO_HIDDEN
\unset SHOW_ALL_RESULTS
\echo :SHOW_ALL_RESULTS
\set HISTSIZE lots
\set HISTSIZE 0x10
\echo :HISTSIZE
\unset HISTSIZE
\set IGNOREEOF
\echo :IGNOREEOF :HISTSIZE
\set IGNOREEOF nope
\echo :IGNOREEOF
\unset IGNOREEOF
\echo :IGNOREEOF
\unset PROMPT1
\echo :PROMPT1
\set DBNAME elsewhere
\unset PORT
\echo :DBNAME :PORT
\c dev
\echo :DBNAME :USER :HOST :PORT :ENCODING :SERVER_VERSION_NUM
-- integers as strtol reads them (0x hex, 0 octal, no trailing blank) and only those that fit an int
\set FETCH_COUNT 99999999999999999999
\set FETCH_COUNT '5 '
\set FETCH_COUNT 0x2
select g from generate_series(1, 3) g;
\set FETCH_COUNT 010
\echo :FETCH_COUNT
\set FETCH_COUNT 08
\unset FETCH_COUNT
\set HISTSIZE 2147483648
\echo :HISTSIZE
\connect dev awsuser
\echo :DBNAME :USER
\c nosuchdb
\echo :DBNAME :USER :HOST :PORT :ENCODING :SERVER_VERSION_NAME :SERVER_VERSION_NUM
\echo done
