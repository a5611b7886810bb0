import { useState } from 'react';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  listServiceTicketSources,
  openServiceTicket,
  SERVICE_TICKET_MAX_PHOTOS,
  SERVICE_TICKET_PHOTO_MAX_BYTES,
  SERVICE_TICKET_TEXT_MAX,
  SERVICE_TICKET_TYPES,
  uploadServiceTicketPhoto,
  type ServiceTicketType,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useAction } from '../../hooks/use-action';
import { useRemote } from '../../hooks/use-remote';
import { messageOf } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { uploadTo } from '../../services/upload';
import { SERVICE_TEXT as T, TICKET_TYPE_LABEL } from './service-text';
import { firstProblem, ticketOf, ticketProblems, type DraftPhoto, type DraftSource } from './ticket-form';
import './service.css';

let photoSerial = 0;

/** The member opens a ticket: which order or store, the type, their words and up to three photos. */
export default function OpenTicketPage() {
  const { params } = useRouter();
  const { state, reload } = useRemote(() => callAsMember(listServiceTicketSources));
  const [source, setSource] = useState<DraftSource>(params.orderId ? { kind: 'order', orderId: params.orderId } : undefined);
  const [type, setType] = useState<ServiceTicketType | undefined>();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [touched, setTouched] = useState(false);
  const { busy, run } = useAction();

  const update = (key: string, photo: DraftPhoto | undefined) =>
    setPhotos((current) => (photo ? current.map((p) => (p.key === key ? photo : p)) : current.filter((p) => p.key !== key)));

  const upload = async ({ key, path, file }: DraftPhoto) => {
    update(key, { key, path, file, status: 'uploading' });
    try {
      const uploaded = await uploadTo<{ photoId: string }>(uploadServiceTicketPhoto, { path, file });
      update(key, { key, path, file, status: 'uploaded', photoId: uploaded.photoId });
    } catch (error) {
      update(key, { key, path, file, status: 'failed' });
      void Taro.showToast({ title: messageOf(error), icon: 'none' });
    }
  };

  const choose = async () => {
    let picked: Taro.chooseImage.SuccessCallbackResult;
    try {
      picked = await Taro.chooseImage({ count: SERVICE_TICKET_MAX_PHOTOS - photos.length, sizeType: ['compressed'] });
    } catch {
      return; // The member closed the picker.
    }
    const fresh: DraftPhoto[] = picked.tempFiles
      .slice(0, SERVICE_TICKET_MAX_PHOTOS - photos.length)
      .filter((file) => file.size <= SERVICE_TICKET_PHOTO_MAX_BYTES)
      .map((file) => ({
        key: `photo-${++photoSerial}`,
        path: file.path,
        ...(file.originalFileObj instanceof Blob ? { file: file.originalFileObj } : {}),
        status: 'uploading' as const,
      }));
    setPhotos((current) => [...current, ...fresh]);
    for (const photo of fresh) await upload(photo);
  };

  const draft = { source, type, text, photos };
  const problems = ticketProblems(draft);
  const problem = firstProblem(problems);

  const submit = async () => {
    setTouched(true);
    // Checked against the server's contract before anything is sent: the field at fault is named under it.
    if (problem) return;
    const body = ticketOf(draft);
    await run(
      async (key) => {
        const ticket = await callAsMember(openServiceTicket, { body, headers: { 'idempotency-key': key } });
        await Taro.redirectTo({ url: `/packages/service/ticket?id=${ticket.id}` });
        return ticket;
      },
      JSON.stringify(body),
      { success: T.submitted },
    );
  };

  const chosen = (candidate: DraftSource) => JSON.stringify(candidate) === JSON.stringify(source);

  return (
    <View className='page service'>
      <Screen state={state} onRetry={reload}>
        {(sources) => (
          <>
            <Section title={T.about}>
              <Text className='service__label'>{T.order}</Text>
              {sources.orders.length === 0 && <Empty text={T.noOrders} />}
              {sources.orders.map((order) => {
                const candidate = { kind: 'order' as const, orderId: order.orderId };
                return (
                  <View
                    key={order.orderId}
                    className={`service-choice${chosen(candidate) ? ' service-choice--on' : ''}`}
                    data-testid='ticket-order'
                    onClick={() => setSource(candidate)}
                  >
                    <Text>
                      {T.orderLine(
                        order.orderId,
                        order.paidAt,
                        order.totalFen,
                        order.storeCode ? T.store(order.storeCode) : T.online,
                      )}
                    </Text>
                  </View>
                );
              })}
              <Text className='service__label'>{T.visit}</Text>
              {sources.storeCodes.length === 0 && <Empty text={T.noStores} />}
              {sources.storeCodes.map((storeCode) => {
                const candidate = { kind: 'visit' as const, storeCode };
                return (
                  <View
                    key={storeCode}
                    className={`service-choice${chosen(candidate) ? ' service-choice--on' : ''}`}
                    onClick={() => setSource(candidate)}
                  >
                    <Text>{T.store(storeCode)}</Text>
                  </View>
                );
              })}
              {touched && problems.source && <Text className='service__problem'>{problems.source}</Text>}
            </Section>
            <Section title={T.type}>
              <View className='service-types'>
                {SERVICE_TICKET_TYPES.map((value) => (
                  <Text
                    key={value}
                    className={`service-type${type === value ? ' service-type--on' : ''}`}
                    data-testid='ticket-type'
                    onClick={() => setType(value)}
                  >
                    {TICKET_TYPE_LABEL[value]}
                  </Text>
                ))}
              </View>
              {touched && problems.type && <Text className='service__problem'>{problems.type}</Text>}
            </Section>
            <Section title={T.text}>
              <Textarea
                className='service__textarea'
                data-testid='ticket-text'
                value={text}
                maxlength={SERVICE_TICKET_TEXT_MAX}
                placeholder={T.placeholder}
                onInput={(event) => setText(event.detail.value)}
              />
              <Text className='service__count'>{T.count(Array.from(text.trim()).length)}</Text>
              {touched && problems.text && (
                <Text className='service__problem' data-testid='ticket-problem-text'>
                  {problems.text}
                </Text>
              )}
              <Text className='service__label'>{T.photos(photos.length)}</Text>
              <View className='service-photos'>
                {photos.map((photo) => (
                  <View key={photo.key} className='service-photo' onClick={() => photo.status === 'failed' && void upload(photo)}>
                    <Image className='service-photo__image' src={photo.path} mode='aspectFill' />
                    {photo.status !== 'uploaded' && (
                      <Text className='service-photo__state'>{photo.status === 'uploading' ? T.uploading : T.uploadFailed}</Text>
                    )}
                    <Text
                      className='service-photo__remove'
                      onClick={(event) => {
                        event.stopPropagation();
                        update(photo.key, undefined);
                      }}
                    >
                      ×
                    </Text>
                  </View>
                ))}
                {photos.length < SERVICE_TICKET_MAX_PHOTOS && (
                  <View className='service-photo service-photo--add' onClick={() => void choose()}>
                    <Text>{T.addPhoto}</Text>
                  </View>
                )}
              </View>
              {touched && problems.photos && <Text className='service__problem'>{problems.photos}</Text>}
            </Section>
            <Button
              className='primary-button service__new'
              data-testid='ticket-submit'
              disabled={busy || (touched && Boolean(problem)) || undefined}
              loading={busy}
              onClick={() => void submit()}
            >
              {busy ? T.submitting : T.submit}
            </Button>
          </>
        )}
      </Screen>
    </View>
  );
}
