import { themes, UnifiedThemeProvider } from '@backstage/theme';
import { renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { useChartTheme } from './useChartTheme';

const inTheme =
  (theme: typeof themes.light) =>
  ({ children }: { children: ReactNode }) =>
    <UnifiedThemeProvider theme={theme}>{children}</UnifiedThemeProvider>;

const chartThemeOf = (theme: typeof themes.light) =>
  renderHook(() => useChartTheme(), { wrapper: inTheme(theme) }).result
    .current;

describe('useChartTheme', () => {
  it("draws axes, grid and tooltips in the dark theme's own colours", () => {
    const dark = themes.dark.getTheme('v4')!.palette;
    const chart = chartThemeOf(themes.dark);
    expect(chart.text).toBe(dark.text.secondary);
    expect(chart.grid).toBe(dark.divider);
    expect(chart.tooltip).toEqual({
      backgroundColor: dark.background.paper,
      borderColor: dark.divider,
      color: dark.text.primary,
    });
  });

  it('changes with the theme, so text stays legible on either background', () => {
    const light = chartThemeOf(themes.light);
    const dark = chartThemeOf(themes.dark);
    expect(light.text).not.toBe(dark.text);
    expect(light.tooltip.backgroundColor).not.toBe(
      dark.tooltip.backgroundColor,
    );
  });

  it('gives ten series ten different colours', () => {
    for (const theme of [themes.light, themes.dark]) {
      expect(new Set(chartThemeOf(theme).series).size).toBe(10);
    }
  });
});
