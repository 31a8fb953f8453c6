export interface Config {
  monitoringStack?: {
    /** Shared UIs the cards link to. */
    links?: {
      /**
       * Kiali base URL.
       * @visibility frontend
       */
      kiali?: string;
      /**
       * Jaeger UI base URL.
       * @visibility frontend
       */
      jaeger?: string;
    };
  };
}
