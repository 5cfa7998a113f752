import { useIsFetching } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMe } from '../session/useSession';
import { applySignedInPerson } from '.';

/**
 * Shows the signed-in person's own language: when someone signs in (or the tab reopens signed in) their
 * remembered choice applies; when everyone signs out, the browser's language. Renders nothing.
 */
export function PersonLanguage() {
  const me = useMe();
  // No identity while it is still being asked for is not "signed out": keep what is shown, no flash.
  const asking = useIsFetching() > 0;
  const person = me.data?.id ?? (asking ? undefined : null);
  useEffect(() => {
    if (person !== undefined) applySignedInPerson(person);
  }, [person]);
  return null;
}
