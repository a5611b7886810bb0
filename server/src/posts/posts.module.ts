import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { CommunitiesModule } from '../communities';
import { appConfig } from '../config/app-config';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { PostImagesService } from './post-images.service';
import { Post, PostSchema } from './post.schema';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';
import { JobRegistryModule } from '../jobs/job-registry';
import { ProgrammeModule } from '../programme';

@Module({
  imports: [
    ProgrammeModule,
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: Post.name, schema: PostSchema }]),
    CommunitiesModule,
    MembersModule,
    NotificationsModule,
    PointsModule,
  ],
  controllers: [PostsController],
  providers: [PostsService, PostImagesService],
  exports: [PostsService],
})
export class PostsModule {}
