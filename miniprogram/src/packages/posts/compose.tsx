import { useRef, useState } from 'react';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MAX_IMAGE_BYTES, submitPost, type NewPost } from '@memberloop/shared';
import { Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { messageOf } from '../../services/api-client';
import { IdempotencyKeys } from '../../services/idempotency-keys';
import { callAsMember } from '../../services/session';
import { uploadPostImage } from '../../services/upload';
import { POST_SUBMITTED } from './events';
import {
  approvalPointsText,
  draftProblem,
  MAX_POST_CHARACTERS,
  MAX_POST_PHOTOS,
  POST_KIND_LABEL,
  type DraftPhoto,
} from './post-text';
import './index.css';

type Kind = NewPost['kind'];
const KINDS = [
  { value: 'show', label: POST_KIND_LABEL.show },
  { value: 'review', label: POST_KIND_LABEL.review },
] as const;

let photoSerial = 0;

/** Write a show-off post or a review: words, up to nine photos uploaded as they are picked, then one submission. */
export default function ComposePage() {
  const [kind, setKind] = useState<Kind>('show');
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [submitting, setSubmitting] = useState(false);
  // The same draft sent again after a lost reply is posted once; an edited draft is a new post.
  const keys = useRef(new IdempotencyKeys());

  const update = (key: string, photo: DraftPhoto | undefined) =>
    setPhotos((current) => (photo ? current.map((p) => (p.key === key ? photo : p)) : current.filter((p) => p.key !== key)));

  const upload = async ({ key, path, file }: DraftPhoto) => {
    update(key, { key, path, file, status: 'uploading' });
    try {
      const uploaded = await uploadPostImage({ path, file });
      update(key, { key, path, file, status: 'uploaded', imageId: uploaded.imageId });
    } catch (error) {
      update(key, { key, path, file, status: 'failed', message: messageOf(error) });
    }
  };

  const choose = async () => {
    let picked: Taro.chooseImage.SuccessCallbackResult;
    try {
      picked = await Taro.chooseImage({
        count: MAX_POST_PHOTOS - photos.length,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
    } catch {
      return; // The member closed the picker.
    }
    const files = picked.tempFiles.slice(0, MAX_POST_PHOTOS - photos.length);
    const fitting = files.filter((file) => file.size <= MAX_IMAGE_BYTES);
    if (fitting.length < files.length)
      void Taro.showToast({ title: `${files.length - fitting.length} 张照片超过 2MB，已跳过`, icon: 'none' });
    const fresh: DraftPhoto[] = fitting.map((file) => ({
      key: `photo-${++photoSerial}`,
      path: file.path,
      // H5 hands over the picked file too (typed as a plain object by Taro).
      ...(file.originalFileObj instanceof Blob ? { file: file.originalFileObj } : {}),
      status: 'uploading',
    }));
    setPhotos((current) => [...current, ...fresh]);
    // One at a time: gentle on a phone's uplink, and the order on screen is the order uploaded.
    for (const photo of fresh) await upload(photo);
  };

  const tapPhoto = (photo: DraftPhoto) => {
    if (photo.status === 'failed') void upload(photo);
    else void Taro.previewImage({ urls: photos.map((p) => p.path), current: photo.path });
  };

  const problem = draftProblem(text, photos);

  const submit = async () => {
    if (problem) {
      await Taro.showToast({ title: problem, icon: 'none' });
      return;
    }
    const draft: NewPost = {
      kind,
      text: text.trim(),
      imageIds: photos.flatMap((p) => (p.status === 'uploaded' ? [p.imageId] : [])),
    };
    const draftId = JSON.stringify(draft);
    const key = keys.current.for(draftId);
    setSubmitting(true);
    try {
      await callAsMember(submitPost, { body: draft, headers: { 'idempotency-key': key } });
      keys.current.settle(draftId);
      await Taro.showToast({ title: '已提交，等待审核', icon: 'none' });
      Taro.eventCenter.trigger(POST_SUBMITTED);
      if (Taro.getCurrentPages().length > 1) await Taro.navigateBack();
      else await Taro.redirectTo({ url: '/packages/posts/index?tab=mine' });
    } catch (error) {
      keys.current.settle(draftId, error);
      await Taro.showToast({ title: messageOf(error), icon: 'none' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className='page compose'>
      <Tabs tabs={KINDS} value={kind} onChange={setKind} />
      <Section title={kind === 'show' ? '晒晒你的好物' : '说说使用感受'}>
        <Textarea
          className='compose__text'
          data-testid='post-text'
          value={text}
          maxlength={MAX_POST_CHARACTERS}
          placeholder={
            kind === 'show' ? '买到了什么好物？分享给大家吧（至少 5 个字）' : '质地、效果、包装……说说你的感受（至少 5 个字）'
          }
          onInput={(event) => setText(event.detail.value)}
        />
        <Text className='compose__count'>
          {Array.from(text).length}/{MAX_POST_CHARACTERS}
        </Text>
        <View className='compose__photos'>
          {photos.map((photo) => (
            <View key={photo.key} className='compose__photo' onClick={() => tapPhoto(photo)}>
              <Image className='compose__photo-image' src={photo.path} mode='aspectFill' />
              {photo.status !== 'uploaded' && (
                <Text className={`compose__photo-state compose__photo-state--${photo.status}`}>
                  {photo.status === 'uploading' ? '上传中…' : '上传失败\n点击重试'}
                </Text>
              )}
              <Text
                className='compose__photo-remove'
                onClick={(event) => {
                  event.stopPropagation();
                  update(photo.key, undefined);
                }}
              >
                ×
              </Text>
            </View>
          ))}
          {photos.length < MAX_POST_PHOTOS && (
            <View className='compose__add' onClick={() => void choose()}>
              <Text className='compose__add-mark'>+</Text>
              <Text className='compose__add-text'>
                {photos.length === 0 ? '添加照片' : `${photos.length}/${MAX_POST_PHOTOS}`}
              </Text>
            </View>
          )}
        </View>
        <Text className='compose__reward'>{approvalPointsText(photos.length)}</Text>
        <Button className='primary-button' disabled={submitting || Boolean(problem) || undefined} onClick={() => void submit()}>
          提交审核
        </Button>
      </Section>
    </View>
  );
}
