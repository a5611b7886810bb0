import { useState } from 'react';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MAX_IMAGE_BYTES, submitPost, type NewPost } from '@memberloop/shared';
import { Section } from '../../components/Screen';
import { Tabs } from '../../components/Tabs';
import { useAction } from '../../hooks/use-action';
import { messageOf } from '../../services/api-client';
import { callAsMember } from '../../services/session';
import { uploadPostImage } from '../../services/upload';
import { POST_SUBMITTED } from './events';
import { firstProblem, postOf, postProblems } from './post-form';
import {
  approvalPointsText,
  characterCountText,
  MAX_POST_CHARACTERS,
  MAX_POST_PHOTOS,
  oversizeText,
  photoCountText,
  POST_KIND_LABEL,
  POST_TEXT,
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
  // Faults are shown once the member tried to send: an empty page does not open with a complaint.
  const [touched, setTouched] = useState(false);
  // One submission at a time; the same draft sent again after a lost reply is posted once, an edited draft is a new post.
  const { busy: submitting, run } = useAction();

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
      void Taro.showToast({ title: oversizeText(files.length - fitting.length, MAX_IMAGE_BYTES), icon: 'none' });
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

  const problems = postProblems(kind, text, photos);
  const problem = firstProblem(problems);

  const submit = async () => {
    setTouched(true);
    // Checked against the server's contract before anything is sent: the field at fault is named under it.
    if (problem) return;
    const draft = postOf(kind, text, photos);
    await run(
      async (key) => {
        const post = await callAsMember(submitPost, { body: draft, headers: { 'idempotency-key': key } });
        Taro.eventCenter.trigger(POST_SUBMITTED);
        // Still busy until the page is left: a second tap meanwhile posts nothing and shows no refusal.
        if (Taro.getCurrentPages().length > 1) await Taro.navigateBack();
        else await Taro.redirectTo({ url: '/packages/posts/index?tab=mine' });
        return post;
      },
      JSON.stringify(draft),
      { success: POST_TEXT.submitted },
    );
  };

  return (
    <View className='page compose'>
      <Tabs tabs={KINDS} value={kind} onChange={setKind} />
      <Section title={kind === 'show' ? POST_TEXT.showTitle : POST_TEXT.reviewTitle}>
        <Textarea
          className='compose__text'
          data-testid='post-text'
          value={text}
          maxlength={MAX_POST_CHARACTERS}
          placeholder={kind === 'show' ? POST_TEXT.showPlaceholder : POST_TEXT.reviewPlaceholder}
          onInput={(event) => setText(event.detail.value)}
        />
        <Text className='compose__count'>{characterCountText(Array.from(text).length)}</Text>
        {touched && problems.text && (
          <Text className='compose__problem post__detail post__detail--rejected' data-testid='post-problem-text'>
            {problems.text}
          </Text>
        )}
        <View className='compose__photos'>
          {photos.map((photo) => (
            <View key={photo.key} className='compose__photo' onClick={() => tapPhoto(photo)}>
              <Image className='compose__photo-image' src={photo.path} mode='aspectFill' />
              {photo.status !== 'uploaded' && (
                <Text className={`compose__photo-state compose__photo-state--${photo.status}`}>
                  {photo.status === 'uploading' ? POST_TEXT.uploading : POST_TEXT.uploadFailed}
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
              <Text className='compose__add-text'>{photoCountText(photos.length)}</Text>
            </View>
          )}
        </View>
        {touched && problems.photos && (
          <Text className='compose__problem post__detail post__detail--rejected' data-testid='post-problem-photos'>
            {problems.photos}
          </Text>
        )}
        <Text className='compose__reward'>{approvalPointsText(photos.length)}</Text>
        <Button
          className='primary-button'
          data-testid='post-submit'
          disabled={submitting || (touched && Boolean(problem)) || undefined}
          loading={submitting}
          onClick={() => void submit()}
        >
          {submitting ? POST_TEXT.submitting : POST_TEXT.submit}
        </Button>
      </Section>
    </View>
  );
}
