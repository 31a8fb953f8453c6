export interface Config {
  monitoringStack?: {
    /** The Grafana that the scaffolder actions provision tenants in. */
    grafana?: {
      /** Base URL of Grafana, e.g. https://grafana.example.com. */
      url: string;
      /**
       * Service account token with Grafana server admin rights (creating
       * organisations needs them).
       * @visibility secret
       */
      token: string;
    };
  };
}
