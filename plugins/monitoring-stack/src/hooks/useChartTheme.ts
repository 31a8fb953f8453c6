import { useTheme } from '@material-ui/core/styles';
import { useMemo } from 'react';

/** What a chart draws with, taken from the app's theme (light or dark). */
export type ChartTheme = {
  /** One colour per series, in order; repeated past the end. */
  series: string[];
  /** Axis ticks and legend text. */
  text: string;
  grid: string;
  tooltip: { backgroundColor: string; borderColor: string; color: string };
  good: string;
  bad: string;
};

/**
 * The chart colours of the current theme, so that axes, grid and series stay
 * legible on the dark theme as on the light one.
 */
export function useChartTheme(): ChartTheme {
  const { palette } = useTheme();
  return useMemo(
    () => ({
      series: [
        palette.primary.main,
        palette.warning.main,
        palette.success.main,
        palette.error.main,
        palette.info.main,
        palette.secondary.main,
        palette.primary.light,
        palette.warning.dark,
        palette.success.light,
        palette.text.secondary,
      ],
      text: palette.text.secondary,
      grid: palette.divider,
      tooltip: {
        backgroundColor: palette.background.paper,
        borderColor: palette.divider,
        color: palette.text.primary,
      },
      good: palette.success.main,
      bad: palette.error.main,
    }),
    [palette],
  );
}
