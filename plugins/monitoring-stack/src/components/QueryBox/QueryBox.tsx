import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import {
  lineAndColumn,
  QueryLanguage,
  syntaxErrorAt,
} from '../../lib/querySyntax';

/**
 * A PromQL or LogQL box that says where the first syntax error is, with a
 * caret under it, and runs the query only when it parses.
 */
export function QueryBox(props: {
  language: QueryLanguage;
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  running?: boolean;
  placeholder?: string;
  /** Said under the box: what the tenant scope does to the query. */
  helperText?: string;
}) {
  const { language, value, onChange, onRun, running, placeholder } = props;
  const errorAt = useMemo(
    () => syntaxErrorAt(language, value),
    [language, value],
  );
  const position =
    errorAt === undefined ? undefined : lineAndColumn(value, errorAt);
  const line =
    errorAt === undefined ? '' : value.split('\n')[position!.line - 1];
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <TextField
          label={language}
          value={value}
          onChange={e => onChange(e.target.value)}
          onKeyDown={e => {
            if (e.key === 'Enter' && !e.shiftKey && errorAt === undefined) {
              e.preventDefault();
              onRun();
            }
          }}
          placeholder={placeholder}
          variant="outlined"
          size="small"
          fullWidth
          multiline
          error={errorAt !== undefined}
          helperText={
            errorAt === undefined
              ? props.helperText
              : `Syntax error at line ${position!.line}, column ${
                  position!.column
                } (position ${errorAt})`
          }
          inputProps={{
            'aria-label': `${language} query`,
            style: { fontFamily: 'monospace' },
          }}
        />
        <Button
          variant="contained"
          color="primary"
          onClick={onRun}
          disabled={running || errorAt !== undefined || !value.trim()}
        >
          Run
        </Button>
      </Box>
      {errorAt !== undefined && (
        <Typography
          component="pre"
          variant="caption"
          color="error"
          data-testid="syntax-error-caret"
          style={{ fontFamily: 'monospace', margin: '4px 0 0 14px' }}
        >
          {`${line}\n${' '.repeat(position!.column - 1)}^`}
        </Typography>
      )}
    </Box>
  );
}
