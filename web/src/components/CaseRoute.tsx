import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Country } from '../../../domain/people';

/**
 * Custodial → transit… → receiving, in country names. The arrows are hidden from screen readers,
 * which hear the countries in order, separated by pauses.
 */
export function CaseRoute({ custodial, transit, receiving }: { custodial: Country; transit: readonly Country[]; receiving: Country }) {
  const { t } = useTranslation();
  const hops = [custodial, ...transit, receiving];
  return (
    <span className="route" data-testid="route" data-route={hops.join('-')}>
      {hops.map((country, i) => (
        <Fragment key={`${country}-${i}`}>
          {i > 0 && (
            <>
              <span aria-hidden="true"> → </span>
              <span className="visually-hidden">, </span>
            </>
          )}
          {t(`common:country.${country}`)}
        </Fragment>
      ))}
    </span>
  );
}
