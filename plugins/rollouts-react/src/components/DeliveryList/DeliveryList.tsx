import type { DeliveryView } from '@rollscope/rollouts-common';
import { arr } from '../../format';
import { DeliveryCard } from '../DeliveryCard';

/** Cards for several deliveries. @public */
export function DeliveryList(props: {
  deliveries: DeliveryView[];
  selectedKey?: string;
  onSelect?: (key: string) => void;
  emptyText?: string;
}) {
  const list = arr<DeliveryView>(props.deliveries).filter(d => d && typeof d === 'object');
  if (list.length === 0) return <p className="rs-muted">{props.emptyText ?? 'No deliveries found.'}</p>;
  return (
    <div role="list" aria-label="Deliveries">
      {list.map(d => (
        <div role="listitem" key={d.key}>
          <DeliveryCard delivery={d} onSelect={props.onSelect} selected={d.key === props.selectedKey} />
        </div>
      ))}
    </div>
  );
}
